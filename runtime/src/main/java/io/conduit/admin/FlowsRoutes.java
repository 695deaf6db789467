package io.conduit.admin;

import io.conduit.flow.DeployResult;
import io.conduit.flow.FlowEngine;
import io.conduit.flow.FlowJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Node-RED's flow routes ({@code editor-api/lib/admin/flows.js}, {@code flow.js}):
 * <ul>
 *   <li>{@code GET /flows}: API {@code v1} (header {@code Node-RED-API-Version}, the default) gives
 *       the node array; {@code v2} gives {@code {rev, flows}}; any other version is 400
 *       {@code invalid_api_version}.</li>
 *   <li>{@code POST /flows}: v1 body is the node array, answered 204; v2 body is
 *       {@code {flows, rev?}}, answered {@code {rev}} (plus {@code missingTypes} when some types are
 *       missing and the flows were saved but not started). {@code Node-RED-Deployment-Type}:
 *       {@code full} (default), {@code nodes}, {@code flows}, or {@code reload} (re-read the flows
 *       file; no body). A stale {@code rev} is 409 {@code version_mismatch}; an invalid flow is 400
 *       naming the node; in both cases the running flows are untouched.</li>
 *   <li>{@code GET /flows/state}: {@code {state, missingTypes?, error?}}.</li>
 *   <li>{@code GET /flow/:id}, {@code POST /flow} ({@code {id}}), {@code PUT /flow/:id}
 *       ({@code {id}}), {@code DELETE /flow/:id} (204): one tab, or {@code global}.</li>
 * </ul>
 */
final class FlowsRoutes {
  private static final Set<String> DEPLOYMENT_TYPES = Set.of("full", "nodes", "flows", "reload");

  private final FlowEngine engine;

  FlowsRoutes(FlowEngine engine) {
    this.engine = engine;
  }

  void mount(Router router) {
    router.get("/flows").handler(this::getFlows);
    router.post("/flows").handler(this::postFlows);
    router.get("/flows/state").handler(ctx -> engine.state().onSuccess(s -> json(ctx, 200, s)).onFailure(ctx::fail));
    router.get("/flow/:id").handler(ctx -> engine.flow(ctx.pathParam("id")).onSuccess(f -> json(ctx, 200, f)).onFailure(ctx::fail));
    router.post("/flow").handler(ctx -> engine.addFlow(bodyObject(ctx))
      .onSuccess(id -> json(ctx, 200, new JsonObject().put("id", id))).onFailure(ctx::fail));
    router.put("/flow/:id").handler(ctx -> {
      String id = ctx.pathParam("id");
      engine.updateFlow(id, bodyObject(ctx)).onSuccess(v -> json(ctx, 200, new JsonObject().put("id", id))).onFailure(ctx::fail);
    });
    router.delete("/flow/:id").handler(ctx -> engine.removeFlow(ctx.pathParam("id"))
      .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
  }

  private static String version(RoutingContext ctx) {
    String v = ctx.request().getHeader("Node-RED-API-Version");
    v = v == null ? "v1" : v;
    if (!v.equals("v1") && !v.equals("v2")) {
      throw new ApiException(ApiError.badRequest("invalid_api_version", "Invalid API Version requested"));
    }
    return v;
  }

  private void getFlows(RoutingContext ctx) {
    String v = version(ctx);
    engine.flows().onSuccess(s -> {
      Object body = v.equals("v1") ? s.flows() : new JsonObject().put("rev", s.rev()).put("flows", s.flows());
      json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  private void postFlows(RoutingContext ctx) {
    String v = version(ctx);
    String type = ctx.request().getHeader("Node-RED-Deployment-Type");
    type = type == null ? "full" : type;
    if (!DEPLOYMENT_TYPES.contains(type)) {
      throw new ApiException(ApiError.badRequest("invalid_deployment_type",
        "Node-RED-Deployment-Type '" + type + "' is not one of full, nodes, flows, reload"));
    }
    if (type.equals("reload")) {
      engine.reload().onSuccess(r -> answer(ctx, v, r)).onFailure(ctx::fail);
      return;
    }
    JsonArray flows;
    String rev = null;
    if (v.equals("v1")) {
      flows = ctx.body().asJsonArray();
    } else {
      JsonObject body = bodyObject(ctx);
      Object f = body.getValue("flows");
      if (!(f instanceof JsonArray arr)) {
        throw new ApiException(ApiError.badRequest("invalid_flow", "the body must be {\"flows\": [...], \"rev\": ...}"));
      }
      flows = arr;
      Object r = body.getValue("rev");
      rev = r == null ? null : r.toString();
    }
    if (flows == null) {
      throw new ApiException(ApiError.badRequest("invalid_flow", "the body must be a JSON array of nodes"));
    }
    engine.deploy(flows, type, rev).onSuccess(r -> answer(ctx, v, r)).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, String version, DeployResult r) {
    if (version.equals("v1")) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    JsonObject body = new JsonObject().put("rev", r.rev());
    if (!r.missingTypes().isEmpty()) body.put("missingTypes", new JsonArray(r.missingTypes()));
    json(ctx, 200, body);
  }

  private static JsonObject bodyObject(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw new ApiException(ApiError.badRequest("invalid_request", "the request body must be a JSON object"));
    }
    return body;
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(FlowJson.compact(body));
  }
}
