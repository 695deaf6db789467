package io.conduit.spi;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MQTT 5 PUBLISH properties an application sees (MQTT 5.0 section 3.3.2.3). Null fields are
 * absent. Topic aliases are a per-connection matter and never appear here.
 *
 * @param payloadFormatIndicator  0 (bytes) or 1 (UTF-8), null if absent
 * @param messageExpiryInterval   seconds, null if absent (on delivery: the remaining lifetime)
 * @param contentType             MIME type
 * @param responseTopic           topic for a response
 * @param correlationData         opaque bytes
 * @param userProperties          name/value pairs in order; names may repeat
 * @param subscriptionIdentifiers on delivery: the identifiers of the matching subscriptions
 */
public record PublishProperties(Integer payloadFormatIndicator,
                                Long messageExpiryInterval,
                                String contentType,
                                String responseTopic,
                                Buffer correlationData,
                                List<Map.Entry<String, String>> userProperties,
                                List<Integer> subscriptionIdentifiers) {

  public static final PublishProperties NONE = new PublishProperties(null, null, null, null, null, List.of(), List.of());

  public PublishProperties {
    userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    subscriptionIdentifiers = subscriptionIdentifiers == null ? List.of() : List.copyOf(subscriptionIdentifiers);
  }

  public boolean isEmpty() {
    return payloadFormatIndicator == null && messageExpiryInterval == null && contentType == null
      && responseTopic == null && correlationData == null && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty();
  }

  /**
   * Reads the PUBLISH properties out of a decoded packet's (or a will's) Netty properties; other
   * properties (topic alias, ...) are ignored.
   */
  public static PublishProperties fromMqtt(MqttProperties props) {
    if (props == null || props.isEmpty()) {
      return NONE;
    }
    return read(props, true, null, null);
  }

  /**
   * As {@link #fromMqtt(MqttProperties)} for a broker delivering a message it holds: the per-hop
   * properties are the broker's ({@code messageExpiryInterval}, the remaining lifetime or null;
   * the identifiers of the matching subscriptions) and any such properties in {@code props} are
   * ignored.
   */
  public static PublishProperties fromMqtt(MqttProperties props, Long messageExpiryInterval, List<Integer> subscriptionIdentifiers) {
    if ((props == null || props.isEmpty()) && messageExpiryInterval == null && subscriptionIdentifiers.isEmpty()) {
      return NONE;
    }
    return read(props == null ? MqttProperties.NO_PROPERTIES : props, false, messageExpiryInterval, subscriptionIdentifiers);
  }

  private static PublishProperties read(MqttProperties props, boolean perHopFromProps, Long expiryGiven, List<Integer> idsGiven) {
    Integer format = null;
    Long expiry = null;
    String contentType = null;
    String responseTopic = null;
    Buffer correlation = null;
    List<Map.Entry<String, String>> user = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (MqttProperties.MqttProperty<?> p : props.listAll()) {
      switch (p.propertyId()) {
        case MqttProperties.PAYLOAD_FORMAT_INDICATOR -> format = (Integer) p.value();
        case MqttProperties.PUBLICATION_EXPIRY_INTERVAL -> expiry = Integer.toUnsignedLong((Integer) p.value());
        case MqttProperties.CONTENT_TYPE -> contentType = (String) p.value();
        case MqttProperties.RESPONSE_TOPIC -> responseTopic = (String) p.value();
        case MqttProperties.CORRELATION_DATA -> correlation = Buffer.buffer((byte[]) p.value());
        case MqttProperties.SUBSCRIPTION_IDENTIFIER -> ids.add((Integer) p.value());
        case MqttProperties.USER_PROPERTY -> {
          if (p instanceof MqttProperties.UserProperties list) {
            for (MqttProperties.StringPair pair : list.value()) user.add(Map.entry(pair.key, pair.value));
          } else if (p instanceof MqttProperties.UserProperty one) {
            user.add(Map.entry(one.value().key, one.value().value));
          }
        }
        default -> {
        }
      }
    }
    return perHopFromProps
      ? new PublishProperties(format, expiry, contentType, responseTopic, correlation, user, ids)
      : new PublishProperties(format, expiryGiven, contentType, responseTopic, correlation, user, idsGiven);
  }

  /** These properties as Netty's, for encoding a PUBLISH or a will (subscription identifiers are left out). */
  public MqttProperties toMqtt() {
    if (isEmpty()) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties props = new MqttProperties();
    if (payloadFormatIndicator != null) {
      props.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, payloadFormatIndicator));
    }
    if (messageExpiryInterval != null) {
      props.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, messageExpiryInterval.intValue()));
    }
    if (contentType != null) {
      props.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, contentType));
    }
    if (responseTopic != null) {
      props.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, responseTopic));
    }
    if (correlationData != null) {
      props.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, correlationData.getBytes()));
    }
    for (Map.Entry<String, String> e : userProperties) {
      props.add(new MqttProperties.UserProperty(e.getKey(), e.getValue()));
    }
    return props;
  }
}
