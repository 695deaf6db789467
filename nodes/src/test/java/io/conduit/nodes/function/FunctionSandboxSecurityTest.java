package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.conduit.nodes.function.OneNode.function;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security issue #8 item 6: function code cannot reach the host. Each attempt below runs inside a
 * function node and records whether it worked; the test fails if any did.
 */
class FunctionSandboxSecurityTest {
  static final Vertx vertx = OneNode.VERTX;

  @Test
  void functionCodeCannotReachJavaFilesProcessesOrModules(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.js");
    Files.writeString(secret, "globalThis.leaked = 'SECRET-CONTENT'; 'SECRET-CONTENT'");
    String path = secret.toString().replace("\\", "/");
    String code = """
      const attempts = {
        javaType: () => Java.type('java.lang.Runtime').getRuntime().exec('id'),
        javaGlobal: () => java.lang.System.getProperty('user.home'),
        packages: () => Packages.java.lang.System.exit(1),
        require: () => require('fs').readFileSync('%1$s', 'utf8'),
        process: () => process.env.HOME || process.exit(1),
        load: () => load('%1$s'),
        loadWithNewGlobal: () => loadWithNewGlobal({ script: 'java.lang.System.exit(1)', name: 'x' }),
        polyglotEval: () => Polyglot.eval('js', '1'),
        polyglotImport: () => Polyglot.import('x'),
        graal: () => Graal.versionJS,
        quit: () => quit(),
        print: () => print('x'),
        hostThroughBuffer: () => Buffer.from('a').buffer.getClass(),
        hostThroughFunction: () => setTimeout.constructor('return Java')().type('java.lang.System'),
        hostThroughContext: () => context.get('nothing').getClass(),
      };
      const results = {};
      for (const [name, attempt] of Object.entries(attempts)) {
        try {
          const r = attempt();
          results[name] = (r === undefined ? 'WORKED (undefined)' : 'WORKED: ' + String(r));
        } catch (e) {
          results[name] = 'blocked: ' + e;
        }
      }
      try {
        await import('%1$s');
        results.dynamicImport = 'WORKED';
      } catch (e) {
        results.dynamicImport = 'blocked: ' + e;
      }
      results.leaked = typeof leaked;
      msg.payload = results;
      return msg;
      """.formatted(path);
    OneNode n = OneNode.deployed(vertx, function(code));
    n.receive(Map.of("payload", "x"));
    Message m = n.nextSent().msg();
    @SuppressWarnings("unchecked")
    Map<String, Object> results = (Map<String, Object>) m.get("payload");
    assertThat(results).hasSize(17);
    results.forEach((name, result) -> {
      if (!name.equals("leaked")) {
        assertThat(result.toString()).as(name).startsWith("blocked: ");
      }
    });
    assertThat(results.get("leaked")).isEqualTo("undefined");
    n.close(true);
  }
}
