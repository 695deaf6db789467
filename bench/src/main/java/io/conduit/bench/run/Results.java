package io.conduit.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, by section (broker, flow, ...), scenario and peer, plus the raw
 * lines behind each figure. A figure knows whether higher is better, so that the report can say
 * which way a ratio Conduit / peer should go.
 */
final class Results {
  /** One scenario's figure for each peer. */
  static final class Row {
    final String section;
    final String scenario;
    final String unit;
    final boolean higherIsBetter;
    final Map<String, Double> values = new LinkedHashMap<>();

    Row(String section, String scenario, String unit, boolean higherIsBetter) {
      this.section = section;
      this.scenario = scenario;
      this.unit = unit;
      this.higherIsBetter = higherIsBetter;
    }

    Double value(String peer) {
      return values.get(peer);
    }

    /** Conduit / peer, or null when either is missing. */
    Double ratio(String conduit, String peer) {
      Double c = values.get(conduit);
      Double p = values.get(peer);
      return c == null || p == null || p == 0 ? null : c / p;
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final Map<String, List<String>> peersBySection = new LinkedHashMap<>();
  final List<String> details = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  /** Start-up-to-ready times (ms) of every start of each peer, by section and peer. */
  final Map<String, List<Double>> startups = new LinkedHashMap<>();

  /** Declares the peers (columns) of a section, Conduit first. */
  void section(String section, List<String> peers) {
    peersBySection.put(section, peers);
  }

  List<String> peers(String section) {
    return peersBySection.getOrDefault(section, List.of());
  }

  Iterable<String> sections() {
    return peersBySection.keySet();
  }

  synchronized void put(String section, String scenario, String unit, boolean higherIsBetter, String peer, double value) {
    rows.computeIfAbsent(section + "\u0000" + scenario, k -> new Row(section, scenario, unit, higherIsBetter)).values.put(peer, value);
  }

  Row row(String section, String scenario) {
    return rows.get(section + "\u0000" + scenario);
  }

  List<Row> rows(String section) {
    return rows.values().stream().filter(r -> r.section.equals(section)).toList();
  }

  synchronized void detail(String peer, String line) {
    details.add(peer + " | " + line);
    System.out.println("[bench] " + peer + ": " + line);
  }

  /**
   * Notes a start: in the broker section ready means its MQTT port answers; in the flow section
   * also its Admin API ({@code GET /flows}).
   */
  synchronized void startup(String section, Peer peer) {
    startups.computeIfAbsent(section + "\u0000" + peer.spec.name(), k -> new ArrayList<>()).add(peer.startupMillis);
    detail(peer.spec.name(), String.format("started (%s), ready after %.0f ms", section, peer.startupMillis));
  }

  /** Median start-up time of {@code peer} in {@code section}, or null if it never started. */
  Double startupMedian(String section, String peer) {
    List<Double> all = startups.get(section + "\u0000" + peer);
    if (all == null || all.isEmpty()) return null;
    List<Double> sorted = all.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  synchronized void problem(String peer, String what) {
    problems.add(peer + ": " + what);
    System.out.println("[bench] PROBLEM " + peer + ": " + what);
  }
}
