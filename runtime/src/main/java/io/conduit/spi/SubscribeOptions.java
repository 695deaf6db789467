package io.conduit.spi;

/**
 * MQTT 5 subscription options (section 3.8.3.1); for a 3.1.1 client only {@code qos} is used.
 *
 * @param qos               maximum QoS 0..2
 * @param noLocal           do not deliver messages published by the same client id
 * @param retainAsPublished keep the retain flag as published (otherwise cleared on normal delivery)
 * @param retainHandling    0 send retained on subscribe, 1 only if the subscription is new, 2 never
 * @param subscriptionId    subscription identifier, or 0 for none
 */
public record SubscribeOptions(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling, int subscriptionId) {

  public SubscribeOptions {
    if (qos < 0 || qos > 2) throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    if (retainHandling < 0 || retainHandling > 2) throw new IllegalArgumentException("retainHandling must be 0, 1 or 2, was " + retainHandling);
    if (subscriptionId < 0 || subscriptionId > 268_435_455) throw new IllegalArgumentException("subscriptionId out of range: " + subscriptionId);
  }

  public static SubscribeOptions qos(int qos) {
    return new SubscribeOptions(qos, false, false, 0, 0);
  }
}
