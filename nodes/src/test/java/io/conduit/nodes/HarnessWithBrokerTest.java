package io.conduit.nodes;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test harness with a real built-in broker: mqtt out → broker → mqtt in, no socket. */
class HarnessWithBrokerTest {

  @Test
  void mqttNodesTalkThroughTheHarnessBroker() {
    try (FlowTestHarness h = FlowTestHarness.builder().withBroker().start()) {
      assertThat(h.mqttPort()).isPositive();
      h.load("[{\"id\":\"b\",\"type\":\"mqtt-broker\",\"broker\":\"localhost\",\"port\":\"1883\",\"builtin\":true},"
        + "{\"id\":\"in\",\"type\":\"mqtt in\",\"topic\":\"harness/#\",\"qos\":\"1\",\"datatype\":\"utf8\",\"broker\":\"b\",\"x\":1,\"y\":1,\"wires\":[[\"sink\"]]},"
        + "{\"id\":\"out\",\"type\":\"mqtt out\",\"topic\":\"harness/test\",\"qos\":\"1\",\"broker\":\"b\",\"x\":1,\"y\":1},"
        + "{\"id\":\"sink\",\"type\":\"helper\"}]");
      h.send("out", Message.withPayload("through the broker"));
      Message m = h.sink("sink").next();
      assertThat(m.payload()).isEqualTo("through the broker");
      assertThat(m.topic()).isEqualTo("harness/test");
    }
  }
}
