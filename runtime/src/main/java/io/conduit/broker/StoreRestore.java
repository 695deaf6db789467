package io.conduit.broker;

import io.conduit.broker.persist.BrokerStore;
import io.conduit.broker.persist.StoredEntry;
import io.conduit.broker.persist.StoredMessage;
import io.conduit.broker.persist.StoredSession;
import io.conduit.broker.persist.StoredState;
import io.conduit.broker.persist.StoredSubscription;
import io.conduit.spi.TopicFilter;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the broker from its store at start, before the listener opens (HiveMQ's
 * TopicTreeStartup): retained messages, sessions with their subscriptions (the index), queues,
 * in-flight windows and incoming QoS 2 ids. Rules:
 * <ul>
 *   <li>time keeps running while the broker is down: expired retained messages are dropped; a
 *       session whose expiry interval ran out since its client left (or since the broker stopped,
 *       for a session that was connected) ends now; the others get a timer for what is left;</li>
 *   <li>a session's entries come back in the order they were created: sent ones into the in-flight
 *       window with their packet ids (resent with DUP, or PUBREL, when the client is back), the
 *       others into the queue; expired queued messages are dropped when they reach the head;</li>
 *   <li>records nobody refers to any more (entries of a session that is gone, messages without
 *       entries, entries whose message is missing) are removed from the store and logged.</li>
 * </ul>
 */
final class StoreRestore {
  private static final Logger log = LoggerFactory.getLogger(StoreRestore.class);

  private final Broker broker;
  private final BrokerStore store;

  StoreRestore(Broker broker) {
    this.broker = broker;
    this.store = broker.store;
  }

  void restore(StoredState state) {
    long now = broker.clock.millis();
    restoreRetained(state, now);
    Map<String, Session> restored = restoreSessions(state, now);
    Map<Long, BrokerMessage> messages = new HashMap<>();
    state.messages().forEach((id, sm) -> {
      BrokerMessage m = toMessage(sm, sm.retain());
      SessionPersistence.restoredRef(m, id);
      messages.put(id, m);
    });
    broker.persistence.nextMessageId(state.nextMessageId());
    int orphans = restoreEntries(state, restored, messages);
    for (Map.Entry<String, List<Integer>> e : state.incomingQos2().entrySet()) {
      Session s = restored.get(e.getKey());
      if (s == null) continue;
      e.getValue().forEach(s::restoreQos2);
    }
    for (Map.Entry<Long, BrokerMessage> e : messages.entrySet()) {
      BrokerMessage m = e.getValue();
      if (m.stored.refs == 0) {
        store.removeMessage(e.getKey());
        orphans++;
      }
      m.release();
    }
    if (orphans > 0) log.warn("Broker store: removed {} records nothing refers to any more", orphans);
    if (!state.sessions().isEmpty() || !state.retained().isEmpty()) {
      log.info("Restored {} retained messages, {} sessions, {} queued or in-flight messages",
        broker.retained.size(), broker.sessions.size(), state.entries().size() - orphans);
    }
  }

  private void restoreRetained(StoredState state, long now) {
    for (StoredMessage sm : state.retained()) {
      if (sm.expiresAt() <= now) {
        store.removeRetained(sm.topic());
        continue;
      }
      BrokerMessage m = toMessage(sm, true);
      broker.retained.put(m);
      m.release();
    }
  }

  private Map<String, Session> restoreSessions(StoredState state, long now) {
    Map<String, Session> restored = new HashMap<>();
    for (StoredSession ss : state.sessions()) {
      long offlineSince = ss.disconnectedAt() == 0 ? now : ss.disconnectedAt();
      long left = ss.expiryInterval() == Session.NEVER_EXPIRES ? Long.MAX_VALUE : offlineSince + ss.expiryInterval() * 1000 - now;
      if (left <= 0) {
        store.removeSession(ss.clientId());
        continue;
      }
      Session s = new Session(broker, ss.clientId(), ss.expiryInterval());
      s.disconnectedAt = offlineSince;
      s.stored = true;
      for (StoredSubscription sub : ss.subscriptions()) {
        broker.router.subscribe(new Subscription(s, TopicFilter.parse(sub.filter()), sub.qos(), sub.noLocal(), sub.retainAsPublished(),
          sub.retainHandling(), sub.subscriptionId(), null));
      }
      broker.sessions.put(s);
      restored.put(s.clientId, s);
      if (ss.disconnectedAt() == 0) broker.persistence.sessionChanged(s); // it is offline from now on
      if (left != Long.MAX_VALUE) broker.expiry.schedule(s, left);
    }
    return restored;
  }

  private int restoreEntries(StoredState state, Map<String, Session> sessions, Map<Long, BrokerMessage> messages) {
    List<StoredEntry> entries = new ArrayList<>(state.entries());
    entries.sort(Comparator.comparing(StoredEntry::clientId).thenComparingLong(StoredEntry::seq));
    int orphans = 0;
    for (StoredEntry e : entries) {
      Session s = sessions.get(e.clientId());
      BrokerMessage m = e.released() ? null : messages.get(e.messageId());
      if (s == null || (!e.released() && m == null)) {
        if (s != null) log.warn("Broker store: queued message {} of session '{}' refers to message {}, which is missing; dropped",
          e.seq(), e.clientId(), e.messageId());
        store.removeEntry(e.clientId(), e.seq());
        orphans++;
        continue;
      }
      int[] ids = e.subscriptionIds().length == 0 ? null : e.subscriptionIds();
      if (m != null) m.stored.refs++;
      if (e.packetId() != 0) {
        s.restoreInflight(e.packetId(), m == null ? null : m.hold(), e.qos(), e.retain(), ids, e.seq(), e.released());
      } else {
        s.restoreQueued(m.hold(), e.qos(), e.retain(), ids, e.seq());
      }
    }
    return orphans;
  }

  private static BrokerMessage toMessage(StoredMessage sm, boolean retain) {
    return new BrokerMessage(sm.topic(), Unpooled.wrappedBuffer(sm.payload()), sm.qos(), retain,
      PublishEncoder.decodeProperties(sm.properties()), sm.expiresAt(), null);
  }
}
