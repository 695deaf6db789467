package io.conduit.admin;

import io.conduit.flow.FlowApiException;
import io.conduit.flow.FlowJson;
import io.conduit.flow.InvalidFlowException;
import io.conduit.spi.NodeConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Admin API error, mapped in one place: a JSON body {@code {"code": ..., "message": ...}}
 * (Node-RED's {@code rejectHandler} shape) and an HTTP status; never a stack trace. Mapping:
 * <ul>
 *   <li>{@link FlowApiException}: its own status and code ({@code version_mismatch} 409, {@code not_found} 404 ...);</li>
 *   <li>{@link NodeConfigException}: 400 {@code invalid_node_config}, the message naming node id, type and field;</li>
 *   <li>{@link InvalidFlowException}: 400 {@code invalid_flow};</li>
 *   <li>malformed JSON: 400 {@code invalid_json};</li>
 *   <li>a vertx-web {@link HttpException} (e.g. 413 body too large): its status;</li>
 *   <li>anything else: 500 {@code unexpected_error} with a fixed message (logged with its stack trace).</li>
 * </ul>
 */
public record ApiError(int status, String code, String message) {
  private static final Logger log = LoggerFactory.getLogger(ApiError.class);

  public static ApiError of(Throwable err) {
    if (err instanceof ApiException e) {
      return e.error();
    }
    if (err instanceof FlowApiException e) {
      return new ApiError(e.status(), e.code(), e.getMessage());
    }
    if (err instanceof NodeConfigException e) {
      return new ApiError(400, "invalid_node_config", e.getMessage());
    }
    if (err instanceof InvalidFlowException e) {
      return new ApiError(400, "invalid_flow", e.getMessage());
    }
    if (err instanceof DecodeException e) {
      return new ApiError(400, "invalid_json", "the request body is not valid JSON: " + e.getMessage());
    }
    if (err instanceof HttpException e) {
      String message = e.getPayload() != null ? e.getPayload() : e.getMessage();
      return new ApiError(e.getStatusCode(), e.getStatusCode() == 413 ? "request_too_large" : "request_error", message);
    }
    log.error("Unexpected Admin API error", err);
    // the exception's own message may carry internals (paths, class names): it goes to the log only
    return new ApiError(500, "unexpected_error", "unexpected error (the details are in the server log)");
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("message", message);
  }

  public void send(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .end(FlowJson.compact(toJson()));
  }

  /** Sends the error for a failed routing context (its failure, or its status code). */
  static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      new ApiError(status, status == 404 ? "not_found" : "request_error", status == 404 ? "not found" : "request failed").send(ctx);
    } else {
      of(failure).send(ctx);
    }
  }
}
