package io.conduit.spi;

import io.vertx.core.buffer.Buffer;

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
}
