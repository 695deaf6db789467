package io.conduit.broker.persist;

/** One subscription of a stored session, with its MQTT 5 options (0/false for 3.1.1 ones). */
public record StoredSubscription(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                                 int retainHandling, int subscriptionId) {
}
