package io.conduit.admin;

import io.conduit.util.ClassPathFolder;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The HTTP headers every Admin server response carries, and the names of the editor's static files.
 * <ul>
 *   <li>{@code Content-Security-Policy}: everything from this origin only; scripts may be inline and
 *       eval'd (node editor files are Node-RED {@code <script>} blocks the editor inserts, Monaco
 *       evaluates code), images/fonts also from {@code data:}, workers also from {@code blob:}
 *       (Monaco), no plugins, no framing ({@code frame-ancestors 'none'}), forms and base URL to
 *       this origin;</li>
 *   <li>{@code X-Frame-Options: DENY} (older browsers), {@code X-Content-Type-Options: nosniff},
 *       {@code Referrer-Policy: no-referrer}.</li>
 * </ul>
 */
final class SecurityHeaders {
  static final String CONTENT_SECURITY_POLICY = String.join("; ",
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'");

  private SecurityHeaders() {
  }

  static void add(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Frame-Options", "DENY");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  /**
   * The first path segments under which the editor's static files are served: the top-level entries
   * of class-path folder {@code root} (in directories and jars) plus {@code webjars}. Blocking I/O.
   */
  static Set<String> staticRoots(ClassLoader loader, String root) throws IOException {
    Set<String> names = new HashSet<>(ClassPathFolder.children(loader, root));
    names.add("webjars");
    return Set.copyOf(names);
  }
}
