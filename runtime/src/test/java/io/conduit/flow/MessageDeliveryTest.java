package io.conduit.flow;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import io.conduit.testkit.TestNodeType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's send rules ({@code Node_spec.js #send}, {@code Flow_spec.js #send}) through the engine. */
class MessageDeliveryTest {
  private final EngineTestTypes types = new EngineTestTypes();

  @Test
  void theFirstReceiverGetsTheObjectSentAndTheOthersDeepCopies() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"src\",\"type\":\"pass\",\"wires\":[[\"r1\",\"r2\",\"r3\"]]},"
        + "{\"id\":\"r1\",\"type\":\"record\",\"wires\":[[\"end\"]]},{\"id\":\"r2\",\"type\":\"record\",\"wires\":[[\"end\"]]},"
        + "{\"id\":\"r3\",\"type\":\"record\",\"wires\":[[\"end\"]]},{\"id\":\"end\",\"type\":\"helper\"}]");
      Message sent = new Message().payload(new java.util.LinkedHashMap<>(Map.of("deep", new java.util.ArrayList<>(List.of(1, 2)))));
      sent.set("_msgid", "fixed");
      h.send("src", sent);
      h.sink("end").next(3);
      Message first = (Message) types.received.get(0)[1];
      assertThat(types.received).extracting(r -> r[0]).containsExactly("r1", "r2", "r3");
      assertThat(first).isSameAs(sent);
      for (int i = 1; i < 3; i++) {
        Message copy = (Message) types.received.get(i)[1];
        assertThat(copy).isNotSameAs(sent);
        assertThat(copy.asMap()).isEqualTo(sent.asMap());
        assertThat(copy.payload()).isNotSameAs(sent.payload());
        assertThat(copy.id()).isEqualTo("fixed");
      }
    }
  }

  @Test
  void aSentMessageGetsAMsgIdAndOneSendSharesItAcrossMessages() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"s\",\"type\":\"split\",\"wires\":[[\"a\"],[\"b\"]]},{\"id\":\"a\",\"type\":\"helper\"},{\"id\":\"b\",\"type\":\"helper\"}]");
      h.send("s", new Message().payload("first"));
      Message a = h.sink("a").next();
      List<Message> b = h.sink("b").next(2);
      assertThat(a.id()).hasSize(16).matches("[0-9a-f]{16}");
      assertThat(b).extracting(Message::payload).containsExactly("second", "third");
      assertThat(b).extracting(Message::id).containsOnly(a.id());
    }
  }

  @Test
  void deliveryIsAsynchronousSoALoopOfAHundredThousandHopsDoesNotGrowTheStack() {
    AtomicInteger hops = new AtomicInteger();
    TestNodeType loop = TestNodeType.onInput("loop", (msg, done, node) -> {
      int n = ((Number) msg.payload()).intValue();
      hops.incrementAndGet();
      if (n > 0) {
        msg.payload(n - 1);
        node.send(List.of(msg));
      } else {
        node.send(List.of(new Message(), msg));
      }
      done.done();
    });
    try (FlowTestHarness h = types.harness().types(loop).start()) {
      h.load("[{\"id\":\"l\",\"type\":\"loop\",\"wires\":[[\"l\"],[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
      h.send("l", Message.withPayload(100_000));
      assertThat(h.sink("out").next().payload()).isEqualTo(0);
      assertThat(hops.get()).isEqualTo(100_001);
    }
  }

  @Test
  void messagesArriveInTheOrderTheyWereSent() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"a\",\"type\":\"pass\",\"wires\":[[\"b\"]]},{\"id\":\"b\",\"type\":\"pass\",\"wires\":[[\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
      for (int i = 0; i < 500; i++) {
        h.engine().receive("a", Message.withPayload(i));
      }
      List<Message> got = h.sink("out").next(500);
      for (int i = 0; i < 500; i++) {
        assertThat(got.get(i).payload()).isEqualTo(i);
      }
    }
  }

  @Test
  void wiresToNodesThatDoNotExistAreIgnored() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"a\",\"type\":\"pass\",\"wires\":[[\"ghost\",\"out\"]]},{\"id\":\"out\",\"type\":\"helper\"}]");
      h.send("a", Message.withPayload("x"));
      assertThat(h.sink("out").next().payload()).isEqualTo("x");
    }
  }

  @Test
  void disabledNodesAndDisabledTabsDoNotRun() {
    try (FlowTestHarness h = types.harness().start()) {
      h.load("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"t2\",\"type\":\"tab\",\"disabled\":true},"
        + "{\"id\":\"a\",\"z\":\"t1\",\"type\":\"pass\",\"d\":true,\"wires\":[]},{\"id\":\"b\",\"z\":\"t2\",\"type\":\"pass\",\"wires\":[]},"
        + "{\"id\":\"c\",\"z\":\"t1\",\"type\":\"pass\",\"wires\":[]}]");
      assertThat(h.await(h.engine().runningNodeIds())).containsExactly("c");
    }
  }
}
