package io.conduit.nodes.network;

/**
 * MQTT topic filter matching for messages that arrive on a remote connection, where one
 * connection's messages are shared out among the mqtt in nodes by their filters (MQTT 4.7):
 * {@code +} matches one level, {@code #} (last) the parent level and any below, a leading
 * wildcard never matches a {@code $} topic, and {@code $share/<group>/} is stripped first. Filters
 * are validated by {@link #isValidFilter} (Node-RED's check) before they are used.
 */
final class TopicMatcher {
  private TopicMatcher() {
  }

  static boolean matches(String filter, String topic) {
    String f = filter.startsWith("$share/") && filter.indexOf('/', 7) > 0 ? filter.substring(filter.indexOf('/', 7) + 1) : filter;
    if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) {
      return false;
    }
    int fi = 0;
    int ti = 0;
    while (true) {
      int fEnd = f.indexOf('/', fi);
      String fLevel = f.substring(fi, fEnd < 0 ? f.length() : fEnd);
      if (fLevel.equals("#")) {
        return true;
      }
      if (ti > topic.length()) {
        return false;
      }
      int tEnd = topic.indexOf('/', ti);
      String tLevel = topic.substring(ti, tEnd < 0 ? topic.length() : tEnd);
      if (!fLevel.equals("+") && !fLevel.equals(tLevel)) {
        return false;
      }
      if (fEnd < 0 || tEnd < 0) {
        // both end here, or the filter continues with a lone "/#" that also matches the parent
        return fEnd < 0 && tEnd < 0 || (tEnd < 0 && f.substring(fEnd).equals("/#"));
      }
      fi = fEnd + 1;
      ti = tEnd + 1;
    }
  }

  /** Node-RED's {@code isValidSubscriptionTopic}. */
  static boolean isValidFilter(String topic) {
    return topic != null && topic.matches("^(#$|(\\+|[^+#]*)(/(\\+|[^+#]*))*(/(\\+|#|[^+#]*))?$)");
  }

  /** Node-RED's {@code isValidPublishTopic}: not empty, no wildcards or control characters. */
  static boolean isValidTopic(String topic) {
    return topic != null && !topic.isEmpty() && !topic.matches("(?s).*[+#\\x08\\f\\n\\r\\t\\x0B\\x00].*");
  }
}
