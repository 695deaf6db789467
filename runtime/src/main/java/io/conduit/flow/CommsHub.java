package io.conduit.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The runtime side of Node-RED's editor comms ({@code runtime/lib/api/comms.js}): every event for
 * the editor (topics {@code debug}, {@code status/<nodeId>}, {@code notification/<id>}) is
 * published here and fanned out to every listener (each connected editor socket). Rules:
 * <ul>
 *   <li>A retained publish replaces the topic's retained value; a non-retained publish on the same
 *       topic clears it (Node-RED).</li>
 *   <li>A listener gets only what is published after it joined; {@link #retained(String)} gives the
 *       retained values matching a subscription (MQTT-style {@code +} and trailing {@code /#}), which
 *       the socket sends when the client subscribes.</li>
 *   <li>Publishing and listening are thread-safe; listeners are called on the publisher's thread and
 *       must not block.</li>
 * </ul>
 */
public final class CommsHub {
  private final Map<String, Object> retained = new LinkedHashMap<>();
  private final List<BiConsumer<String, Object>> listeners = new CopyOnWriteArrayList<>();

  public void publish(String topic, Object data, boolean retain) {
    synchronized (retained) {
      if (retain) {
        retained.put(topic, data);
      } else {
        retained.remove(topic);
      }
    }
    for (BiConsumer<String, Object> l : listeners) {
      l.accept(topic, data);
    }
  }

  /** Drops a retained value without telling anyone (Node-RED: status of a removed node). */
  public void forget(String topic) {
    synchronized (retained) {
      retained.remove(topic);
    }
  }

  public boolean hasRetained(String topic) {
    synchronized (retained) {
      return retained.containsKey(topic);
    }
  }

  /** Adds a listener; the returned runnable removes it. */
  public Runnable listen(BiConsumer<String, Object> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Retained values whose topic matches {@code subscription}, as (topic, data) pairs in publish order. */
  public List<Map.Entry<String, Object>> retained(String subscription) {
    Pattern re = Pattern.compile("^" + Pattern.quote(subscription)
      .replace("+", "\\E[^/]+\\Q")
      .replaceAll("/#\\\\E$", "\\\\E(/.*)?") + "$");
    List<Map.Entry<String, Object>> out = new ArrayList<>();
    synchronized (retained) {
      for (Map.Entry<String, Object> e : retained.entrySet()) {
        if (re.matcher(e.getKey()).matches()) {
          out.add(Map.entry(e.getKey(), e.getValue()));
        }
      }
    }
    return out;
  }
}
