package io.conduit.nodes.function;

import io.conduit.spi.Message;
import io.conduit.testkit.FlowTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delay node through the real engine, after Node-RED's 89-delay_spec.js: delays hold messages
 * at least as long as configured, rate limits space them out in order, control messages act.
 */
class DelayNodeTest {
  private FlowTestHarness h;

  @BeforeEach
  void start() {
    h = FlowTestHarness.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void load(String fields, int outputs) {
    String wires = outputs == 2 ? "[[\"out\"],[\"dropped\"]]" : "[[\"out\"]]";
    h.load("[{\"id\":\"d\",\"type\":\"delay\"," + fields + ",\"outputs\":" + outputs + ",\"wires\":" + wires + "},"
      + "{\"id\":\"out\",\"type\":\"helper\"},{\"id\":\"dropped\",\"type\":\"helper\"}]");
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void holdsEachMessageForTheDelay() {
    load("\"pauseType\":\"delay\",\"timeout\":\"150\",\"timeoutUnits\":\"milliseconds\"", 1);
    long start = System.nanoTime();
    h.send("d", Message.withPayload(1));
    h.send("d", Message.withPayload(2));
    assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly(1, 2);
    assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void msgDelayOverridesTheDelay() {
    load("\"pauseType\":\"delayv\",\"timeout\":\"10\",\"timeoutUnits\":\"seconds\"", 1);
    long start = System.nanoTime();
    h.send("d", Message.withPayload("slow").set("delay", 300));
    h.send("d", Message.withPayload("fast").set("delay", "50ms"));
    assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly("fast", "slow");
    assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void randomDelaysStayWithinTheirBounds() {
    load("\"pauseType\":\"random\",\"randomFirst\":\"100\",\"randomLast\":\"200\",\"randomUnits\":\"milliseconds\"", 1);
    long start = System.nanoTime();
    h.send("d", Message.withPayload(1));
    h.sink("out").next();
    assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void resetDropsWaitingMessagesAndFlushReleasesThem() {
    load("\"pauseType\":\"delay\",\"timeout\":\"1\",\"timeoutUnits\":\"minutes\"", 1);
    h.send("d", Message.withPayload("dropped"));
    h.send("d", new Message().set("reset", true));
    h.send("d", Message.withPayload("a"));
    h.send("d", Message.withPayload("b"));
    h.send("d", Message.withPayload("c"));
    h.send("d", new Message().set("flush", 2));
    assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly("a", "b");
    h.send("d", new Message().set("flush", true));
    assertThat(h.sink("out").next().payload()).isEqualTo("c");
    assertThat(h.sink("out").poll()).isNull();
  }

  @Test
  void rateLimitQueuesAndSpacesMessagesInOrder() {
    load("\"pauseType\":\"rate\",\"rate\":\"10\",\"nbRateUnits\":\"1\",\"rateUnits\":\"second\",\"drop\":false", 1);
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      h.send("d", Message.withPayload(i));
    }
    List<Message> out = h.sink("out").next(4);
    assertThat(out).extracting(Message::payload).containsExactly(0, 1, 2, 3);
    assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void rateLimitDropsToTheSecondOutput() {
    load("\"pauseType\":\"rate\",\"rate\":\"1\",\"nbRateUnits\":\"1\",\"rateUnits\":\"minute\",\"drop\":true", 2);
    h.send("d", Message.withPayload("first"));
    h.send("d", Message.withPayload("second"));
    assertThat(h.sink("out").next().payload()).isEqualTo("first");
    assertThat(h.sink("dropped").next().payload()).isEqualTo("second");
    h.send("d", new Message().set("reset", true));
    h.send("d", Message.withPayload("after reset"));
    assertThat(h.sink("out").next().payload()).isEqualTo("after reset");
  }

  @Test
  void rateLimitFlushAndToFront() {
    load("\"pauseType\":\"rate\",\"rate\":\"1\",\"nbRateUnits\":\"1\",\"rateUnits\":\"minute\",\"drop\":false", 1);
    h.send("d", Message.withPayload("now"));
    h.send("d", Message.withPayload("queued"));
    h.send("d", Message.withPayload("urgent").set("toFront", true));
    assertThat(h.sink("out").next().payload()).isEqualTo("now");
    h.send("d", new Message().set("flush", true));
    assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly("urgent", "queued");
  }

  @Test
  void perTopicKeepsOnlyTheLatestOfEachTopic() {
    load("\"pauseType\":\"timed\",\"rate\":\"5\",\"nbRateUnits\":\"1\",\"rateUnits\":\"second\"", 2);
    h.send("d", Message.withPayload(1).topic("a"));
    h.send("d", Message.withPayload(2).topic("b"));
    h.send("d", Message.withPayload(3).topic("a"));
    assertThat(h.sink("dropped").next().payload()).isEqualTo(1);
    List<Message> out = h.sink("out").next(2);
    assertThat(out).extracting(Message::payload).containsExactly(3, 2);
  }

  @Test
  void burstLetsNMessagesThrough() {
    load("\"pauseType\":\"burst\",\"rate\":\"2\",\"nbRateUnits\":\"1\",\"rateUnits\":\"minute\"", 2);
    for (int i = 0; i < 3; i++) {
      h.send("d", Message.withPayload(i));
    }
    assertThat(h.sink("out").next(2)).extracting(Message::payload).containsExactly(0, 1);
    assertThat(h.sink("dropped").next().payload()).isEqualTo(2);
  }
}
