package io.conduit.flow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Deploys flow configurations, one at a time: Node-RED's {@code setFlows} with validation first.
 * The pipeline for each deployment:
 * <ol>
 *   <li>check the revision (a stale {@code rev} is refused with 409 {@code version_mismatch});</li>
 *   <li>parse the whole configuration ({@link FlowModel}; malformed → 400 naming the entry);</li>
 *   <li>diff against the running one and create + prepare every node that will start
 *       ({@link Deployment}); any failure → 400 naming node, type and field, nothing running
 *       touched;</li>
 *   <li>save the flows file; then stop what is replaced, clean contexts, start what is new.</li>
 * </ol>
 * A configuration with missing node types is saved, everything running is stopped, and nothing
 * starts; the result, the log and the editor notification name the missing types. While nothing
 * runs, a {@code nodes} or {@code flows} deployment is done as {@code full}.
 */
final class FlowDeployer {
  private static final Logger log = LoggerFactory.getLogger(FlowDeployer.class);

  private final Engine engine;
  private final FlowStorage storage;
  private final Map<String, Flow> running = new LinkedHashMap<>();
  private Future<?> queue = Future.succeededFuture();
  private FlowModel model;
  private JsonArray config = new JsonArray();
  private String rev = FlowStorage.rev(new JsonArray());
  private String state = "stop";
  private String error;

  FlowDeployer(Engine engine, FlowStorage storage) {
    this.engine = engine;
    this.storage = storage;
  }

  JsonArray config() { return config; }
  String rev() { return rev; }
  String state() { return state; }
  String error() { return error; }
  FlowModel model() { return model; }

  List<String> missingTypes() {
    return model == null ? List.of() : model.missingTypes();
  }

  private <T> Future<T> serial(Supplier<Future<T>> work) {
    Future<T> next = queue.transform(ignored -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    queue = next;
    return next;
  }

  /** A deployment from the API: {@code type} full, nodes or flows; {@code expectedRev} may be null. */
  Future<DeployResult> deploy(JsonArray newConfig, String type, String expectedRev) {
    return serial(() -> {
      if (expectedRev != null && !expectedRev.equals(rev)) {
        return Future.failedFuture(new FlowApiException(409, "version_mismatch",
          "the flows were changed since revision " + expectedRev + " (now " + rev + "); reload them and deploy again"));
      }
      FlowCredentials.Split split = FlowCredentials.split(newConfig);
      FlowModel parsed = FlowModel.parse(split.flows(), FlowModel.Types.of(engine.registry));
      return apply(parsed, type, true, split.given());
    });
  }

  /** Starts a stored configuration (start-up, reload). Never fails for a bad flow: it is kept, stopped, with its error. */
  Future<DeployResult> load(JsonArray stored) {
    return serial(() -> {
      FlowCredentials.Split split = FlowCredentials.split(stored);
      FlowModel parsed;
      try {
        parsed = FlowModel.parse(split.flows(), FlowModel.Types.of(engine.registry));
      } catch (RuntimeException e) {
        return keepStopped(split.flows(), null, e);
      }
      return apply(parsed, "full", false, split.given()).recover(e -> keepStopped(split.flows(), parsed, e));
    });
  }

  private Future<DeployResult> keepStopped(JsonArray stored, FlowModel parsed, Throwable e) {
    log.error("Flows not started: {}", NodeInstance.messageOf(e));
    return Deployment.stopEverything(engine, running, Set.of()).map(v -> {
      engine.global = null;
      model = parsed;
      config = stored.copy();
      rev = FlowStorage.rev(config);
      state = "stop";
      error = NodeInstance.messageOf(e);
      engine.comms.publish("notification/runtime-state", new JsonObject().put("state", "stop")
        .put("error", "invalid-flows").put("type", "error").put("text", error).getMap(), true);
      return new DeployResult(rev, missingTypes());
    });
  }

  private Future<DeployResult> apply(FlowModel next, String type, boolean save, Map<String, JsonObject> givenCredentials) {
    if (!type.equals("full") && !state.equals("start")) {
      type = "full";
    }
    FlowDiff diff = FlowDiff.between(model, next, givenCredentials.keySet());
    Map<String, JsonObject> previousCredentials = engine.credentials;
    Map<String, JsonObject> nextCredentials = FlowCredentials.merge(previousCredentials, givenCredentials, next.allNodes().keySet());
    engine.credentials = nextCredentials;
    boolean startable = next.missingTypes().isEmpty();
    Deployment plan = new Deployment(engine, running, next, diff, type);
    Future<Void> validated;
    if (startable) {
      try {
        plan.create();
        validated = plan.prepareAll();
      } catch (RuntimeException e) {
        validated = Future.failedFuture(e);
      }
    } else {
      validated = Future.succeededFuture();
    }
    String how = type;
    return validated
      .compose(v -> save ? save(next, previousCredentials, nextCredentials) : Future.succeededFuture(FlowStorage.rev(next.config())))
      .recover(err -> {
        engine.credentials = previousCredentials;
        return plan.discard().transform(v -> Future.failedFuture(err));
      })
      .compose(newRev -> {
        log.info(plan.full ? "Stopping flows" : "Stopping modified " + how);
        Future<Void> stopped = startable ? plan.stopOld() : Deployment.stopEverything(engine, running, diff.removed());
        return stopped
          .compose(v -> engine.contexts.clean(plan.knownIds()).recover(e -> Future.succeededFuture()))
          .compose(v -> {
            if (!startable) {
              engine.global = null;
              log.info("Waiting for missing types to be registered:{}", String.join("", next.missingTypes().stream().map(t -> "\n - " + t).toList()));
              return Future.succeededFuture();
            }
            log.info(plan.full ? "Starting flows" : "Starting modified " + how);
            return plan.startNew();
          })
          .map(v -> {
            model = next;
            config = next.config();
            rev = newRev;
            state = startable ? "start" : "stop";
            error = null;
            notifyEditor(startable);
            if (startable) log.info(plan.full ? "Started flows" : "Started modified " + how);
            return new DeployResult(rev, next.missingTypes());
          });
      });
  }

  private Future<String> save(FlowModel next, Map<String, JsonObject> before, Map<String, JsonObject> after) {
    Future<Void> credentials = after.equals(before) ? Future.succeededFuture() : storage.saveCredentials(after);
    return credentials.compose(v -> storage.save(next.config()))
      .recover(err -> Future.failedFuture(new FlowApiException(500, "storage_error",
        "cannot save the flows to " + storage.file() + ": " + NodeInstance.messageOf(err), err)));
  }

  private void notifyEditor(boolean started) {
    engine.comms.publish("notification/runtime-deploy", new JsonObject().put("revision", rev).getMap(), true);
    JsonObject runtimeState = started
      ? new JsonObject().put("state", "start").put("deploy", true)
      : new JsonObject().put("state", "stop").put("error", "missing-types").put("type", "warning")
        .put("text", "notification.warnings.missing-types").put("types", new JsonArray(model.missingTypes()));
    engine.comms.publish("notification/runtime-state", runtimeState.getMap(), true);
  }

  /** Stops every flow (shutdown). */
  Future<Void> stop() {
    return serial(() -> {
      log.info("Stopping flows");
      return Deployment.stopEverything(engine, running, Set.of()).map(v -> {
        engine.global = null;
        state = "stop";
        log.info("Stopped flows");
        return null;
      });
    });
  }
}
