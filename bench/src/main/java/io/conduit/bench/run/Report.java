package io.conduit.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown results file: the machine and its load, one table per section with Conduit's
 * figure, each peer's, and the ratios Conduit / peer, the issue #6 targets with met / missed, and
 * the raw lines behind the figures.
 */
final class Report {
  static final String CONDUIT = "conduit";

  /** One target of issue #6: a row, the peer it is held against, and the bound on the ratio. */
  record Target(String text, String section, String scenario, String peer, double bound, boolean atLeast) {
  }

  static final List<Target> TARGETS = List.of(
    new Target("broker QoS 0 1→1 ≥ 1.2 × Mosquitto", "broker", "QoS 0, 1→1, max rate (msg/s delivered)", "mosquitto", 1.2, true),
    new Target("broker QoS 0 10→10 ≥ 1.2 × Mosquitto", "broker", "QoS 0, 10→10, max rate (msg/s delivered)", "mosquitto", 1.2, true),
    new Target("broker QoS 1 1→1 ≥ 1.0 × Mosquitto", "broker", "QoS 1, 1→1, max rate (msg/s delivered)", "mosquitto", 1.0, true),
    new Target("broker QoS 1 10→10 ≥ 1.0 × Mosquitto", "broker", "QoS 1, 10→10, max rate (msg/s delivered)", "mosquitto", 1.0, true),
    new Target("p99 at 1,000 msg/s (QoS 0) ≤ Mosquitto's", "broker", "QoS 0, 1→1 at 1,000 msg/s: latency p99 (ms)", "mosquitto", 1.0, false),
    new Target("flow throughput ≥ 10 × Node-RED (+Mosquitto)", "flow", "flow: max throughput without loss (msg/s)", "node-red+mosquitto", 10, true),
    new Target("flow throughput ≥ 10 × Node-RED (+aedes)", "flow", "flow: max throughput without loss (msg/s)", "node-red+aedes", 10, true),
    new Target("flow p99 ≤ 1/5 of Node-RED's (+Mosquitto)", "flow", "flow at 1,000 msg/s: latency p99 (ms)", "node-red+mosquitto", 0.2, false),
    new Target("flow p99 ≤ 1/5 of Node-RED's (+aedes)", "flow", "flow at 1,000 msg/s: latency p99 (ms)", "node-red+aedes", 0.2, false));

  private Report() {
  }

  static String render(Results r, List<String> header) {
    StringBuilder md = new StringBuilder();
    header.forEach(l -> md.append(l).append('\n'));
    for (String section : r.sections()) {
      List<String> peers = r.peers(section);
      List<Results.Row> rows = r.rows(section);
      if (rows.isEmpty()) continue;
      md.append("\n## ").append(section.substring(0, 1).toUpperCase(Locale.ROOT)).append(section.substring(1)).append("\n\n");
      List<String> others = peers.stream().filter(p -> !p.equals(CONDUIT)).toList();
      StringBuilder head = new StringBuilder("| scenario |");
      StringBuilder rule = new StringBuilder("|---|");
      for (String p : peers) {
        head.append(' ').append(p).append(" |");
        rule.append("---:|");
      }
      for (String p : others) {
        head.append(" Conduit / ").append(p).append(" |");
        rule.append("---:|");
      }
      md.append(head).append('\n').append(rule).append('\n');
      for (Results.Row row : rows) {
        StringBuilder line = new StringBuilder("| ").append(row.scenario).append(row.higherIsBetter ? " ↑" : " ↓").append(" |");
        for (String p : peers) line.append(' ').append(format(row.value(p))).append(" |");
        for (String p : others) {
          Double ratio = row.ratio(CONDUIT, p);
          line.append(' ').append(ratio == null ? "–" : String.format(Locale.ROOT, "%.2f", ratio)).append(" |");
        }
        md.append(line).append('\n');
      }
    }
    md.append("\n↑ higher is better, ↓ lower is better; a ratio is Conduit's figure divided by the peer's.\n");
    md.append("\n## Targets (issue #6)\n\n| target | Conduit / peer | met? |\n|---|---:|---|\n");
    for (Target t : TARGETS) {
      Results.Row row = r.row(t.section(), t.scenario());
      Double ratio = row == null ? null : row.ratio(CONDUIT, t.peer());
      String met = ratio == null ? "not measured" : (t.atLeast() ? ratio >= t.bound() : ratio <= t.bound()) ? "met" : "**missed**";
      md.append("| ").append(t.text()).append(" | ").append(ratio == null ? "–" : String.format(Locale.ROOT, "%.2f", ratio))
        .append(" | ").append(met).append(" |\n");
    }
    for (String[] abs : absoluteTargets(r)) md.append("| ").append(abs[0]).append(" | ").append(abs[1]).append(" | ").append(abs[2]).append(" |\n");
    if (!r.problems.isEmpty()) {
      md.append("\n## Problems during the run\n\n");
      r.problems.forEach(p -> md.append("- ").append(p).append('\n'));
    }
    md.append("\n## Raw figures\n\n```\n");
    r.details.forEach(d -> md.append(d).append('\n'));
    md.append("```\n");
    return md.toString();
  }

  /** Targets with an absolute bound: per-connection memory, start-up time, LWT p99. */
  private static List<String[]> absoluteTargets(Results r) {
    List<String[]> out = new ArrayList<>();
    Results.Row mem = null;
    for (Results.Row row : r.rows(BrokerScenarios.SECTION)) {
      if (row.scenario.endsWith(ConnectionScenario.HELD_RSS_ROW) && row.value(CONDUIT) != null) mem = row;
    }
    out.add(absolute("idle connections ≤ 4 KB each (RSS held idle, largest count run)" + (mem == null ? "" : ": " + mem.scenario),
      mem == null ? null : mem.value(CONDUIT), 4, "KB"));
    Double startup = r.startupMedian(FlowScenarios.SECTION, CONDUIT);
    String what = "start-up to ready (MQTT and Admin API) ≤ 1 s";
    if (startup == null) {
      startup = r.startupMedian(BrokerScenarios.SECTION, CONDUIT);
      what = "start-up to ready (MQTT) ≤ 1 s";
    }
    out.add(absolute(what, startup == null ? null : startup / 1000, 1, "s"));
    Results.Row lwt = r.row(BrokerScenarios.SECTION, "LWT after socket loss: p99 (ms)");
    out.add(absolute("LWT after socket loss ≤ 20 ms p99", lwt == null ? null : lwt.value(CONDUIT), 20, "ms"));
    return out;
  }

  private static String[] absolute(String text, Double value, double bound, String unit) {
    if (value == null) return new String[] {text, "–", "not measured"};
    return new String[] {text, String.format(Locale.ROOT, "%.2f %s", value, unit), value <= bound ? "met" : "**missed**"};
  }

  static String format(Double v) {
    if (v == null) return "–";
    double a = Math.abs(v);
    if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
    if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
    if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
