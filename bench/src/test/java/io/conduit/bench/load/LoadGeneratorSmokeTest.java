package io.conduit.bench.load;

import io.conduit.launch.Conduit;
import io.conduit.launch.ConduitOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few hundred messages of the load generator against an in-process Conduit, so that the
 * benchmark tooling keeps working (not a benchmark: the figures are not looked at, only that
 * every message is counted, stamped and timed, and that will timing sees the will).
 */
class LoadGeneratorSmokeTest {
  @TempDir
  static Path dir;
  static Conduit conduit;

  @BeforeAll
  static void start() throws Exception {
    ConduitOptions options = ConduitOptions.fromSettings(new JsonObject()
      .put("port", 0).put("http_port", 0).put("data_dir", dir.toString()).put("sys_interval", 0));
    conduit = Conduit.start(options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (conduit != null) conduit.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void fixedRateQos1RunDeliversEveryMeasuredMessageWithItsLatency() throws Exception {
    LoadResult r = PubSubLoad.run(new LoadOptions().port(conduit.mqttPort()).publishers(2).subscribers(2).qos(1)
      .rate(300).warmupSeconds(0).seconds(1).drainSeconds(10));

    assertThat(r.sent()).isBetween(200L, 400L);
    // the run's total: the measured messages and the few the pacer sent before the switch
    assertThat(r.expected()).isGreaterThanOrEqualTo(r.sent());
    assertThat(r.delivered()).isEqualTo(r.expected());
    assertThat(r.lossPercent()).isZero();
    assertThat(r.p50Micros()).isPositive();
    assertThat(r.maxMicros()).isGreaterThanOrEqualTo(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
    assertThat(r.publishErrors()).isZero();
  }

  @Test
  void maxRateFanOutCountsEachSubscribersDelivery() throws Exception {
    LoadResult r = PubSubLoad.run(new LoadOptions().port(conduit.mqttPort()).topology(LoadOptions.Topology.FANOUT)
      .publishers(1).subscribers(3).qos(1).warmupSeconds(1).seconds(2).drainSeconds(2));

    assertThat(r.sent()).isPositive();
    assertThat(r.expected()).isGreaterThanOrEqualTo(3 * r.sent());
    assertThat(r.expected() % 3).isZero();
    assertThat(r.delivered()).isPositive().isLessThanOrEqualTo(r.expected());
    assertThat(r.deliveredPerSecond()).isPositive();
  }

  @Test
  void willProbeSeesTheWillOfAKilledSocket() throws Exception {
    WillProbe probe = new WillProbe("127.0.0.1", conduit.mqttPort());
    try {
      WillProbe.Result r = probe.afterSocketLoss(5);
      assertThat(r.missing()).isZero();
      assertThat(r.p50Micros()).isPositive();
    } finally {
      probe.close();
    }
  }
}
