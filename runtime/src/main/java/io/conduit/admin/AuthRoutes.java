package io.conduit.admin;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Node-RED's login endpoints and the permission check in front of the Admin API (editor-api's
 * {@code auth/index.js} and {@code needsPermission}). Rules:
 * <ul>
 *   <li>{@code GET /auth/login}: {@code {}} without {@code admin_auth}, else the credentials scheme
 *       ({@code {"type":"credentials","prompts":[username, password]}}), as Node-RED;</li>
 *   <li>{@code POST /auth/token} (form or JSON: {@code client_id} {@code node-red-editor} or
 *       {@code node-red-admin}, {@code grant_type} {@code password}, {@code scope}, {@code username},
 *       {@code password}): {@code {"access_token", "expires_in", "token_type": "Bearer"}}; bad
 *       credentials → 403 {@code invalid_grant} (OAuth's answer, as Node-RED), too many attempts → 429;</li>
 *   <li>{@code POST /auth/revoke} {@code {"token"}} (a logged-in user): the token stops working;</li>
 *   <li>with {@code admin_auth}, every other request needs a bearer token ({@code Authorization: Bearer})
 *       whose scope has the route's permission, {@code <area>.read} for GET/HEAD and
 *       {@code <area>.write} otherwise ({@code flows.write} for {@code POST /flows}, {@code inject.write}
 *       ...); requests without a token get {@code default.permissions} if set. No or a bad token → 401;
 *       a valid token without the permission → 403 (Node-RED answers 401 to both; departure, so that
 *       a client can tell "log in" from "not allowed");</li>
 *   <li>public: the editor's static files (GET/HEAD), the two login endpoints, and the {@code /comms}
 *       upgrade, which is authenticated by its first message ({@link CommsSocket}).</li>
 * </ul>
 */
final class AuthRoutes {
  private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);
  static final Set<String> CLIENT_IDS = Set.of("node-red-editor", "node-red-admin");

  private final Vertx vertx;
  private final AdminAuth auth;
  private final Set<String> publicRoots;

  /**
   * @param auth        null: no login, everything is open (loopback or --insecure)
   * @param publicRoots first path segments of the editor's static files ({@code js}, {@code index.html} ...)
   */
  AuthRoutes(Vertx vertx, AdminAuth auth, Set<String> publicRoots) {
    this.vertx = vertx;
    this.auth = auth;
    this.publicRoots = publicRoots;
  }

  void mount(Router router) {
    router.get("/auth/login").handler(this::loginScheme);
    router.post("/auth/token").handler(this::token);
    router.post("/auth/revoke").handler(this::revoke);
  }

  /** The check in front of every route (see the class comment). */
  void guard(RoutingContext ctx) {
    if (auth == null || isPublic(ctx)) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    Object scope;
    if (header != null) {
      AdminAuth.Session s = header.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.session(header.substring(7).strip()) : null;
      if (s == null) {
        unauthorized(ctx, "the token is not valid (expired or revoked?): log in again");
        return;
      }
      scope = s.scope();
    } else {
      scope = auth.anonymousPermissions();
      if (scope == null) {
        unauthorized(ctx, "log in first (POST /auth/token)");
        return;
      }
    }
    String permission = permission(ctx.request().method(), ctx.normalizedPath());
    if (permission.isEmpty() ? header == null : !AdminAuth.hasPermission(scope, permission)) {
      new ApiError(403, "forbidden", "this user may not " + (permission.isEmpty() ? "do that" : "use " + permission)).send(ctx);
      return;
    }
    ctx.next();
  }

  private boolean isPublic(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    HttpMethod m = ctx.request().method();
    if (path.equals("/auth/login") || path.equals("/auth/token") || path.equals("/comms")) return true;
    if (m != HttpMethod.GET && m != HttpMethod.HEAD) return false;
    if (path.equals("/")) return true;
    return publicRoots.contains(firstSegment(path));
  }

  private static String firstSegment(String path) {
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }

  /** Node-RED's permission names: area from the first path segment, read for GET/HEAD, write otherwise. */
  static String permission(HttpMethod method, String path) {
    String area = firstSegment(path);
    if (area.equals("auth")) return "";
    if (area.equals("flow")) area = "flows";
    return area + (method == HttpMethod.GET || method == HttpMethod.HEAD ? ".read" : ".write");
  }

  private static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    new ApiError(401, "unauthorized", message).send(ctx);
  }

  private void loginScheme(RoutingContext ctx) {
    JsonObject body = new JsonObject();
    if (auth != null) {
      body.put("type", "credentials").put("prompts", new JsonArray()
        .add(new JsonObject().put("id", "username").put("type", "text").put("label", "user.username"))
        .add(new JsonObject().put("id", "password").put("type", "password").put("label", "user.password")));
    }
    FlowsRoutes.json(ctx, 200, body);
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getFormAttribute(name);
    if (v != null) return v;
    JsonObject json = null;
    try {
      if (ctx.body() != null && ctx.body().length() > 0 && ctx.body().asString().strip().startsWith("{")) json = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
    return json == null || json.getValue(name) == null ? null : json.getValue(name).toString();
  }

  private void token(RoutingContext ctx) {
    if (auth == null) {
      oauthError(ctx, 400, "invalid_request", "there is no login: admin_auth is not set");
      return;
    }
    if (!CLIENT_IDS.contains(String.valueOf(param(ctx, "client_id")))) {
      oauthError(ctx, 401, "invalid_client", "client_id must be node-red-editor or node-red-admin");
      return;
    }
    if (!"password".equals(param(ctx, "grant_type"))) {
      oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be password");
      return;
    }
    String username = param(ctx, "username");
    String scope = param(ctx, "scope");
    auth.login(vertx, username, param(ctx, "password"), scope == null ? "" : scope).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      AdminAuth.Login login = ar.result();
      if (login.failure() == AdminAuth.LoginFailure.TOO_MANY_ATTEMPTS) {
        log.warn("Admin login for '{}' refused: too many attempts", username);
        oauthError(ctx, 429, "too_many_attempts", "Too many login attempts. Wait 10 minutes and try again");
      } else if (login.failure() != null) {
        log.info("Admin login for '{}' failed", username);
        oauthError(ctx, 403, "invalid_grant", "Invalid resource owner credentials");
      } else {
        log.info("Admin login: '{}'", username);
        ctx.response().putHeader("Cache-Control", "no-store");
        FlowsRoutes.json(ctx, 200, new JsonObject().put("access_token", login.token())
          .put("expires_in", login.expiresInSeconds()).put("token_type", "Bearer"));
      }
    });
  }

  private void revoke(RoutingContext ctx) {
    String token = param(ctx, "token");
    if (token == null) {
      String header = ctx.request().getHeader("Authorization");
      if (header != null && header.length() > 7) token = header.substring(7).strip();
    }
    if (auth != null) auth.revoke(token);
    ctx.response().setStatusCode(200).end();
  }

  private static void oauthError(RoutingContext ctx, int status, String error, String description) {
    FlowsRoutes.json(ctx, status, new JsonObject().put("error", error).put("error_description", description));
  }
}
