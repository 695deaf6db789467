package io.conduit.spi;

import io.vertx.core.buffer.Buffer;

/**
 * An MQTT application message as the in-process broker API carries it: what a PUBLISH packet
 * carries, without packet ids or flags of one particular hop. The payload buffer is shared, never
 * copied on the way: treat it as read-only.
 *
 * @param topic      a topic name (no wildcards)
 * @param payload    the payload bytes; an empty buffer for an empty payload
 * @param qos        0, 1 or 2 (on delivery: the granted QoS, min(published, subscribed))
 * @param retain     on publish: store as retained; on delivery: the retain flag as delivered
 * @param properties MQTT 5 properties; {@link PublishProperties#NONE} for none
 */
public record MqttPublish(String topic, Buffer payload, int qos, boolean retain, PublishProperties properties) {

  public MqttPublish {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    }
    if (properties == null) {
      properties = PublishProperties.NONE;
    }
  }

  public static MqttPublish of(String topic, Buffer payload, int qos, boolean retain) {
    return new MqttPublish(topic, payload, qos, retain, PublishProperties.NONE);
  }
}
