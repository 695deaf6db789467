package io.conduit.flow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Node-RED's {@code flows/util_spec.js #diffConfigs} and {@code #diffNodes}, case by case. */
class FlowDiffTest {
  private static final FlowModel.Types TYPES = FlowModel.Types.knowing(t -> true);

  private static FlowDiff diff(String config, Consumer<JsonArray> change) {
    JsonArray before = new JsonArray(config);
    JsonArray after = before.copy();
    change.accept(after);
    return FlowDiff.between(FlowModel.parse(before, TYPES), FlowModel.parse(after, TYPES));
  }

  private static JsonObject node(JsonArray a, int i) {
    return a.getJsonObject(i);
  }

  private static Set<String> sorted(Set<String> s) {
    return new TreeSet<>(s);
  }

  @Test
  void identicalConfigurationHasNoChanges() {
    FlowDiff d = diff("[{\"id\":\"123\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]", a -> { });
    assertThat(d.added()).isEmpty();
    assertThat(d.changed()).isEmpty();
    assertThat(d.removed()).isEmpty();
    assertThat(d.rewired()).isEmpty();
    assertThat(d.linked()).isEmpty();
  }

  @Test
  void changedPropertyMarksTheNodeAndItsDownstreamLinked() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[1]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> node(a, 0).put("foo", "b"));
    assertThat(d.changed()).containsExactly("1");
    assertThat(d.linked()).containsExactly("2");
    assertThat(d.added()).isEmpty();
    assertThat(d.removed()).isEmpty();
    assertThat(d.rewired()).isEmpty();
  }

  @Test
  void changedPropertyMarksUpstreamLinked() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> node(a, 1).put("bar", "c"));
    assertThat(d.changed()).containsExactly("2");
    assertThat(d.linked()).containsExactly("1");
  }

  @Test
  void givenCredentialsMarkTheNodeChanged() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"wires\":[]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> node(a, 0).put("credentials", new JsonObject()));
    assertThat(d.changed()).containsExactly("1");
    assertThat(d.linked()).containsExactly("2");
  }

  @Test
  void changedWiringMarksRewiredAndBothEnds() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> node(a, 1).getJsonArray("wires").getJsonArray(0).set(0, "3"));
    assertThat(d.changed()).isEmpty();
    assertThat(d.rewired()).containsExactly("2");
    assertThat(sorted(d.linked())).containsExactly("1", "3");
  }

  @Test
  void secondConnectionAddedIsARewire() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> node(a, 1).getJsonArray("wires").getJsonArray(0).add("1"));
    assertThat(d.rewired()).containsExactly("2");
    assertThat(d.linked()).containsExactly("1");
  }

  @Test
  void newNodesAreAddedAndTheirTargetsLinked() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> a.add(new JsonObject("{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]]}")));
    assertThat(d.added()).containsExactly("2");
    assertThat(d.changed()).isEmpty();
    assertThat(d.linked()).containsExactly("1");
  }

  @Test
  void deletedNodesAreRemovedAndTheirNeighboursRewiredOrLinked() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]}]",
      a -> {
        a.remove(1);
        node(a, 0).put("wires", new JsonArray());
      });
    assertThat(d.removed()).containsExactly("2");
    assertThat(d.rewired()).containsExactly("1");
    assertThat(d.linked()).containsExactly("3");
    assertThat(d.changed()).isEmpty();
  }

  @Test
  void configNodeChangeMarksItsUsers() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"configNode\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"configNode\",\"type\":\"testConfig\"}]",
      a -> node(a, 3).put("foo", "bar"));
    assertThat(sorted(d.changed())).containsExactly("1", "configNode");
    assertThat(sorted(d.linked())).containsExactly("2", "3");
  }

  @Test
  void configNodeChangePropagatesThroughConfigNodes() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"foo\":\"configNode1\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"configNode1\",\"foo\":\"configNode2\",\"type\":\"testConfig\"},{\"id\":\"configNode2\",\"type\":\"testConfig\"}]",
      a -> node(a, 4).put("foo", "bar"));
    assertThat(sorted(d.changed())).containsExactly("1", "configNode1", "configNode2");
    assertThat(sorted(d.linked())).containsExactly("2", "3");
  }

  private static final String SUBFLOW = "[{\"id\":\"1\",\"type\":\"test\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"subflow:sf1\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"wires\":[]},"
    + "{\"id\":\"sf1\",\"type\":\"subflow\",\"in\":[{\"wires\":[{\"id\":\"sf1-1\"}]}],\"out\":[{\"wires\":[{\"id\":\"sf1-2\",\"port\":0}]}]},"
    + "{\"id\":\"sf1-1\",\"z\":\"sf1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"sf1-2\",\"z\":\"sf1\",\"type\":\"test\",\"wires\":[]}]";

  private static void assertSubflowChanged(FlowDiff d) {
    assertThat(sorted(d.changed())).containsExactly("2", "sf1");
    assertThat(d.added()).isEmpty();
    assertThat(d.rewired()).isEmpty();
    assertThat(sorted(d.linked())).containsExactly("1", "3");
  }

  @Test
  void internalPropertyChangeMarksTheSubflowAndEveryInstance() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"subflow:sf1\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"wires\":[]},{\"id\":\"sf1\",\"type\":\"subflow\"},{\"id\":\"sf1-1\",\"z\":\"sf1\",\"type\":\"test\",\"foo\":\"a\",\"wires\":[]},{\"id\":\"4\",\"type\":\"subflow:sf1\",\"wires\":[]}]",
      a -> node(a, 4).put("foo", "b"));
    assertThat(sorted(d.changed())).containsExactly("2", "4", "sf1");
    assertThat(sorted(d.linked())).containsExactly("1", "3");
  }

  @Test
  void internalWiringChangeMarksTheSubflow() {
    assertSubflowChanged(diff(SUBFLOW, a -> node(a, 4).put("wires", new JsonArray("[[\"sf1-2\"]]"))));
  }

  @Test
  void internalNodeAddMarksTheSubflow() {
    assertSubflowChanged(diff(SUBFLOW, a -> a.add(new JsonObject("{\"id\":\"sf1-3\",\"z\":\"sf1\",\"type\":\"test\",\"wires\":[]}"))));
  }

  @Test
  void internalNodeDeleteMarksTheSubflowAndRemovesTheNode() {
    FlowDiff d = diff(SUBFLOW, a -> a.remove(5));
    assertThat(sorted(d.changed())).containsExactly("2", "sf1");
    assertThat(d.removed()).containsExactly("sf1-2");
  }

  @Test
  void subflowPortChangesMarkTheSubflow() {
    assertSubflowChanged(diff(SUBFLOW, a -> node(a, 3).getJsonArray("in").getJsonObject(0).put("wires", new JsonArray())));
    assertSubflowChanged(diff(SUBFLOW, a -> node(a, 3).getJsonArray("in").getJsonObject(0).getJsonArray("wires").add(new JsonObject().put("id", "sf1-2"))));
    assertSubflowChanged(diff(SUBFLOW, a -> node(a, 3).getJsonArray("out").getJsonObject(0).getJsonArray("wires").add(new JsonObject().put("id", "sf1-2").put("port", 0))));
    assertSubflowChanged(diff(SUBFLOW, a -> node(a, 3).getJsonArray("out").getJsonObject(0).put("wires", new JsonArray())));
  }

  @Test
  void globalConfigChangeUsedInsideASubflowMarksTheSubflow() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"subflow:sf1\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"wires\":[]},{\"id\":\"sf1\",\"type\":\"subflow\"},{\"id\":\"sf1-1\",\"z\":\"sf1\",\"prop\":\"configNode\",\"type\":\"test\",\"wires\":[]},{\"id\":\"sf1-2\",\"z\":\"sf1\",\"type\":\"test\",\"wires\":[]},{\"id\":\"configNode\",\"a\":\"foo\",\"type\":\"test\",\"wires\":[]}]",
      a -> node(a, 6).put("a", "bar"));
    assertThat(sorted(d.changed())).containsExactly("2", "configNode", "sf1");
    assertThat(sorted(d.linked())).containsExactly("1", "3");
  }

  @Test
  void nestedSubflowInstanceChangeMarksBothSubflows() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"test\",\"wires\":[[\"2\"]]},{\"id\":\"2\",\"type\":\"subflow:sf1\",\"wires\":[[\"3\"]]},{\"id\":\"3\",\"type\":\"test\",\"wires\":[]},{\"id\":\"sf1\",\"type\":\"subflow\"},{\"id\":\"sf2\",\"type\":\"subflow\"},{\"id\":\"sf1-1\",\"z\":\"sf1\",\"type\":\"test\",\"wires\":[]},{\"id\":\"sf1-2\",\"z\":\"sf1\",\"type\":\"subflow:sf2\",\"wires\":[]},{\"id\":\"sf2-1\",\"z\":\"sf2\",\"type\":\"test\",\"wires\":[]},{\"id\":\"sf2-2\",\"z\":\"sf2\",\"type\":\"test\",\"wires\":[]}]",
      a -> node(a, 8).put("a", "bar"));
    assertThat(sorted(d.changed())).containsExactly("2", "sf1", "sf2");
    assertThat(sorted(d.linked())).containsExactly("1", "3");
  }

  @Test
  void tabLabelChangeIsImmaterial() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"tab\",\"label\":\"fred\"},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]],\"z\":\"1\"}]",
      a -> node(a, 0).put("label", "barney"));
    assertThat(d.added()).isEmpty();
    assertThat(d.changed()).isEmpty();
    assertThat(d.removed()).isEmpty();
    assertThat(d.rewired()).isEmpty();
  }

  @Test
  void deletedTabIsRemovedWithItsNodes() {
    FlowDiff d = diff("[{\"id\":\"f1\",\"type\":\"tab\",\"label\":\"fred\"},{\"id\":\"n1\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]],\"z\":\"f1\"},{\"id\":\"f2\",\"type\":\"tab\",\"label\":\"fred\"},{\"id\":\"n2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]],\"z\":\"f2\"}]",
      a -> {
        a.remove(3);
        a.remove(2);
      });
    assertThat(sorted(d.removed())).containsExactly("f2", "n2");
    assertThat(d.changed()).isEmpty();
  }

  @Test
  void enablingATabAddsAllItsNodes() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"tab\",\"disabled\":true,\"label\":\"fred\"},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]],\"z\":\"1\"},{\"id\":\"3\",\"type\":\"test\"}]",
      a -> node(a, 0).put("disabled", false));
    assertThat(sorted(d.added())).containsExactly("1", "2");
    assertThat(d.changed()).isEmpty();
    assertThat(d.removed()).isEmpty();
  }

  @Test
  void disablingATabRemovesAllItsNodes() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"tab\",\"disabled\":false,\"label\":\"fred\"},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]],\"z\":\"1\"},{\"id\":\"3\",\"type\":\"test\"}]",
      a -> node(a, 0).put("disabled", true));
    assertThat(sorted(d.removed())).containsExactly("1", "2");
    assertThat(d.added()).isEmpty();
    assertThat(d.changed()).isEmpty();
  }

  @Test
  void disablingANodeRemovesItAndChangesItsTab() {
    FlowDiff d = diff("[{\"id\":\"1\",\"type\":\"tab\",\"disabled\":false,\"label\":\"fred\"},{\"id\":\"2\",\"type\":\"test\",\"bar\":\"b\",\"wires\":[[\"1\"]],\"z\":\"1\"},{\"id\":\"3\",\"type\":\"test\"}]",
      a -> node(a, 1).put("d", true));
    assertThat(sorted(d.changed())).containsExactly("1", "2");
    assertThat(d.removed()).containsExactly("2");
  }

  @Test
  void tabEnvChangeMarksTheFlowChanged() {
    FlowDiff d = diff("[{\"id\":\"t1\",\"type\":\"tab\",\"env\":[]},{\"id\":\"n1\",\"z\":\"t1\",\"type\":\"test\",\"wires\":[]}]",
      a -> node(a, 0).put("env", new JsonArray("[{\"name\":\"A\",\"value\":\"1\",\"type\":\"str\"}]")));
    assertThat(d.flowChanged()).containsExactly("t1");
  }

  @Test
  void diffNodesIgnoresPositionAndWiringButSeesEveryOtherProperty() {
    JsonObject a = new JsonObject("{\"id\":\"1\",\"type\":\"test\",\"x\":1,\"y\":2,\"wires\":[[\"2\"]],\"foo\":\"a\",\"n\":1,\"b\":true,\"arr\":[1,2],\"o\":{\"k\":1}}");
    assertThat(FlowDiff.diffNodes(null, a)).isTrue();
    assertThat(FlowDiff.diffNodes(a, a.copy().put("x", 10).put("y", 20).put("wires", new JsonArray()))).isFalse();
    for (JsonObject changed : List.of(a.copy().put("foo", "b"), a.copy().put("n", 2), a.copy().put("b", false),
      a.copy().put("arr", new JsonArray("[1,3]")), a.copy().put("o", new JsonObject().put("k", 2)),
      a.copy().put("extra", 1), removeKey(a.copy(), "foo"))) {
      assertThat(FlowDiff.diffNodes(a, changed)).as(changed.encode()).isTrue();
    }
  }

  private static JsonObject removeKey(JsonObject o, String key) {
    o.remove(key);
    return o;
  }
}
