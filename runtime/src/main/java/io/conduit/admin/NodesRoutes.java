package io.conduit.admin;

import io.conduit.flow.FlowEngine;
import io.conduit.flow.FlowJson;
import io.conduit.launch.Main;
import io.conduit.spi.Message;
import io.conduit.spi.NodeType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node types and node buttons:
 * <ul>
 *   <li>{@code GET /nodes}: with {@code Accept: application/json}, the node list (one entry per
 *       type: {@code {id, name, types, enabled, local, user, module, version, category}}); otherwise
 *       (the editor's {@code Accept: text/html}) every type's editor file concatenated, each after a
 *       {@code <!-- --- [red-module:conduit/<type>] --- -->} line, as Node-RED's editor loads them.
 *       The files are read once, when the server starts; a type without an editor file is logged.</li>
 *   <li>{@code POST /inject/:id}: Node-RED's inject button: the node receives an empty message, or
 *       the body when it carries {@code __user_inject_props__}. 404 when no such node runs.</li>
 *   <li>{@code POST /debug/:id/enable|disable} (200 / 201), {@code POST /debug/enable|disable}
 *       with {@code {"nodes": [ids]}}: the debug node's active toggle.</li>
 * </ul>
 */
final class NodesRoutes {
  private static final Logger log = LoggerFactory.getLogger(NodesRoutes.class);

  private final FlowEngine engine;
  private String editorHtml = "";
  private JsonArray nodeList = new JsonArray();

  NodesRoutes(FlowEngine engine) {
    this.engine = engine;
  }

  /** Reads the editor files (blocking; call off the event loop). */
  void loadEditorFiles() {
    StringBuilder html = new StringBuilder();
    JsonArray list = new JsonArray();
    Set<String> seen = new LinkedHashSet<>();
    for (NodeType type : engine.registry().all()) {
      list.add(new JsonObject().put("id", "conduit/" + type.type()).put("name", type.type())
        .put("types", new JsonArray().add(type.type())).put("enabled", true).put("local", false)
        .put("user", false).put("module", "conduit").put("version", Main.version()).put("category", type.category()));
      String resource = type.editorResource();
      if (resource == null || !seen.add(resource)) continue;
      try (InputStream in = type.getClass().getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          log.warn("Node type '{}' has no editor file {}", type.type(), resource);
          continue;
        }
        html.append("<!-- --- [red-module:conduit/").append(type.type()).append("] --- -->\n")
          .append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      } catch (IOException e) {
        log.warn("Cannot read the editor file of node type '{}': {}", type.type(), e.toString());
      }
    }
    editorHtml = html.toString();
    nodeList = list;
  }

  void mount(Router router) {
    router.get("/nodes").handler(this::getNodes);
    router.post("/inject/:id").handler(this::inject);
    router.post("/debug/:id/:state").handler(this::debugOne);
    router.post("/debug/:state").handler(this::debugMany);
  }

  private void getNodes(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
      FlowsRoutes.json(ctx, 200, nodeList);
    } else {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(editorHtml);
    }
  }

  private void inject(RoutingContext ctx) {
    Message msg = new Message();
    if (ctx.body().length() > 0) {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null && body.containsKey("__user_inject_props__")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) FlowJson.toPlain(body);
        msg = new Message(props);
      }
    }
    engine.receive(ctx.pathParam("id"), msg)
      .onSuccess(v -> ctx.response().setStatusCode(200).end("OK"))
      .onFailure(ctx::fail);
  }

  private static Boolean state(RoutingContext ctx) {
    return switch (ctx.pathParam("state")) {
      case "enable" -> true;
      case "disable" -> false;
      default -> null;
    };
  }

  private void debugOne(RoutingContext ctx) {
    Boolean active = state(ctx);
    if (active == null) {
      throw new ApiException(new ApiError(404, "not_found", "unknown state '" + ctx.pathParam("state") + "' (enable or disable)"));
    }
    engine.setActive(ctx.pathParam("id"), active)
      .onSuccess(v -> ctx.response().setStatusCode(active ? 200 : 201).end(active ? "OK" : "Created"))
      .onFailure(ctx::fail);
  }

  private void debugMany(RoutingContext ctx) {
    Boolean active = state(ctx);
    if (active == null) {
      throw new ApiException(new ApiError(404, "not_found", "unknown state '" + ctx.pathParam("state") + "' (enable or disable)"));
    }
    JsonObject body = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    if (body == null || !(body.getValue("nodes") instanceof JsonArray ids)) {
      throw new ApiException(ApiError.badRequest("invalid_request", "the body must be {\"nodes\": [ids]}"));
    }
    List<Future<Void>> all = new ArrayList<>();
    for (Object id : ids) {
      all.add(engine.setActive(String.valueOf(id), active).recover(e -> Future.succeededFuture()));
    }
    Future.join(all).onComplete(v -> ctx.response().setStatusCode(active ? 200 : 201).end(active ? "OK" : "Created"));
  }
}
