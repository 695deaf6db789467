package io.conduit.nodes.network;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's publish-topic rule: the SPI's MQTT topic-name rule plus no control characters. */
class PublishTopicRuleTest {
  @Test
  void acceptsWhatMqttAndNodeRedAccept() {
    for (String ok : new String[] {"a/b", "/", "a//b", "$SYS/x", "emoji/\uD83D\uDE00"}) {
      assertThat(MqttBrokerConfig.isValidPublishTopic(ok)).as(ok).isTrue();
    }
  }

  @Test
  void refusesWildcardsEmptyNulAndControlCharacters() {
    assertThat(MqttBrokerConfig.isValidPublishTopic(null)).isFalse();
    for (String bad : new String[] {"", "a/+", "a/#", "a\u0000b", "a\nb", "a\rb", "a\tb", "a\u000Bb", "a\fb", "a\bb"}) {
      assertThat(MqttBrokerConfig.isValidPublishTopic(bad)).as(bad).isFalse();
    }
  }
}
