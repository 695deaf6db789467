package io.conduit.admin;

import io.conduit.broker.BrokerServer;
import io.conduit.broker.auth.Authenticator;
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
 *   <li>With {@code admin_auth} (Node-RED's adminAuth, see {@link AdminAuth}) every API route and
 *       the comms socket need a login ({@link AuthRoutes}); every response carries
 *       {@link SecurityHeaders}.</li>
 *   <li>Listening on an address other than loopback without {@code admin_auth} is refused at start
 *       unless {@code insecure} is set ({@code --insecure}): an open editor runs any code it is given.</li>
 * </ul>
 */
public final class AdminServer {
  public static final long DEFAULT_API_MAX_LENGTH = 5L * 1024 * 1024;
  public static final String EDITOR_ROOT = "META-INF/resources/editor";
  /** Class-path WebJars (jQuery, Monaco) the editor loads from {@code /webjars/**}. */
  public static final String WEBJARS_ROOT = "META-INF/resources/webjars";
  public static final Set<String> KEYS = Set.of("api_max_length", "admin_auth", "insecure");

  private final Vertx vertx;
  private final ConduitOptions options;
  private final FlowEngine flows;
  private final BrokerServer broker;
  private final long apiMaxLength;
  private final AdminAuth auth;
  private final boolean insecure;
  private HttpServer server;

  public AdminServer(Vertx vertx, ConduitOptions options, FlowEngine flows, BrokerServer broker) {
    this.vertx = vertx;
    this.options = options;
    this.flows = flows;
    this.broker = broker;
    SettingReader r = new SettingReader(options.settings());
    this.apiMaxLength = r.integer("api_max_length", DEFAULT_API_MAX_LENGTH, 1024, Integer.MAX_VALUE);
    this.auth = AdminAuth.fromSetting(options.settings().getValue("admin_auth"));
    this.insecure = r.bool("insecure", false);
  }

  public Future<Void> start() {
    NodesRoutes nodes = new NodesRoutes(flows);
    return vertx.executeBlocking(() -> {
      checkExposure();
      nodes.loadEditorFiles();
      // only the login guard asks which paths are static files: without admin_auth, skip the class-path scan
      // (in the shaded jar it walks all ~25,000 entries, start-up time)
      return auth == null ? Set.<String>of() : SecurityHeaders.staticRoots(AdminServer.class.getClassLoader(), EDITOR_ROOT);
    }).compose(staticRoots -> {
      Router router = Router.router(vertx);
      AuthRoutes login = new AuthRoutes(vertx, auth, staticRoots);
      router.route().handler(SecurityHeaders::add);
      router.route().handler(login::guard);
      router.route("/comms").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> CommsSocket.accept(vertx, ws, flows.comms(), auth))
        .onFailure(ctx::fail));
      router.route().handler(BodyHandler.create(false).setBodyLimit(apiMaxLength));
      login.mount(router);
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

  /** Refuses an editor open to the network (blocking: resolves the bind address). */
  private void checkExposure() {
    if (auth != null || insecure) return;
    if (!Authenticator.isLoopback(options.bind())) {
      throw new IllegalStateException("the editor and Admin API would listen on " + options.bind() + ", which is not a loopback "
        + "address, without a login: anyone who can reach this machine could deploy flows. Set admin_auth (see README, "
        + "'Securing Conduit'), or start with --insecure to allow it on purpose.");
    }
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
