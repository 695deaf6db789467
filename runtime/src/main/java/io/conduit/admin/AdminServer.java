package io.conduit.admin;

import io.conduit.broker.BrokerServer;
import io.conduit.flow.FlowEngine;
import io.conduit.launch.ConduitOptions;
import io.conduit.launch.Main;
import io.conduit.launch.SettingReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.Set;

/**
 * The HTTP side of Conduit on {@code bind:http_port}: Node-RED's Admin API (flows, nodes,
 * settings, inject and debug buttons), the broker sidebar's read-only views ({@link InspectorRoutes}),
 * the editor comms WebSocket on {@code /comms}, and the editor's static files from the class path
 * ({@code META-INF/resources/editor/} served at {@code /}, WebJars at {@code /webjars/}, both
 * provided by the web-editor module). Rules:
 * <ul>
 *   <li>API routes come first; anything else is looked up among the static files.</li>
 *   <li>Request bodies are limited to {@code api_max_length} bytes (Node-RED's
 *       {@code apiMaxLength}, default 5 MB); larger ones get 413.</li>
 *   <li>Every error is an {@link ApiError}: JSON {@code {code, message}}, never a stack trace.</li>
 * </ul>
 */
public final class AdminServer {
  public static final long DEFAULT_API_MAX_LENGTH = 5L * 1024 * 1024;
  public static final String EDITOR_ROOT = "META-INF/resources/editor";
  /** Class-path WebJars (jQuery, Monaco) the editor loads from {@code /webjars/**}. */
  public static final String WEBJARS_ROOT = "META-INF/resources/webjars";
  public static final Set<String> KEYS = Set.of("api_max_length");

  private final Vertx vertx;
  private final ConduitOptions options;
  private final FlowEngine flows;
  private final BrokerServer broker;
  private final long apiMaxLength;
  private HttpServer server;

  public AdminServer(Vertx vertx, ConduitOptions options, FlowEngine flows, BrokerServer broker) {
    this.vertx = vertx;
    this.options = options;
    this.flows = flows;
    this.broker = broker;
    this.apiMaxLength = new SettingReader(options.settings()).integer("api_max_length", DEFAULT_API_MAX_LENGTH, 1024, Integer.MAX_VALUE);
  }

  public Future<Void> start() {
    NodesRoutes nodes = new NodesRoutes(flows);
    return vertx.executeBlocking(() -> {
      nodes.loadEditorFiles();
      return null;
    }).compose(v -> {
      Router router = Router.router(vertx);
      router.route("/comms").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> CommsSocket.accept(vertx, ws, flows.comms()))
        .onFailure(ctx::fail));
      router.route().handler(BodyHandler.create(false).setBodyLimit(apiMaxLength));
      new FlowsRoutes(flows).mount(router);
      nodes.mount(router);
      router.get("/settings").handler(ctx -> FlowsRoutes.json(ctx, 200, settings()));
      if (broker != null) {
        new InspectorRoutes(broker).mount(router);
      }
      router.route("/webjars/*").handler(StaticHandler.create(WEBJARS_ROOT));
      router.route().handler(StaticHandler.create(EDITOR_ROOT));
      router.route().failureHandler(ApiError::handleFailure);
      server = vertx.createHttpServer();
      return server.requestHandler(router).listen(options.httpPort(), options.bind());
    }).mapEmpty();
  }

  /** Node-RED's runtime settings for the editor ({@code GET /settings}). */
  private JsonObject settings() {
    return new JsonObject()
      .put("httpNodeRoot", "/")
      .put("version", Main.version())
      .put("context", flows.contextStores())
      .put("libraries", new JsonArray())
      .put("flowFilePretty", true)
      .put("externalModules", new JsonObject().put("palette", new JsonObject().put("allowInstall", false).put("allowUpload", false)))
      .put("flowEncryptionType", "disabled")
      .put("diagnostics", new JsonObject().put("enabled", false).put("ui", false))
      .put("telemetryEnabled", false)
      .put("runtimeState", new JsonObject().put("enabled", false).put("ui", false))
      .put("editorTheme", new JsonObject().put("languages", new JsonArray().add("en-US"))
        .put("projects", new JsonObject().put("enabled", false)))
      .put("debugMaxLength", flows.options().getDebugMaxLength())
      .put("debugUseColors", false)
      .put("conduit", new JsonObject().put("mqttPort", broker == null ? -1 : broker.actualPort()).put("bind", options.bind()));
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
