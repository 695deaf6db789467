package io.conduit.flow;

import io.conduit.spi.NodeConfigException;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Node-RED's {@code flows/util_spec.js #parseConfig} plus Conduit's structural checks. */
class FlowModelTest {
  private static final FlowModel.Types TYPES = new FlowModel.Types() {
    public boolean has(String type) { return Set.of("test", "cfg", "link in", "link out").contains(type); }
    public boolean isConfigNode(String type) { return type.equals("cfg"); }
  };

  private static FlowModel parse(String json) {
    return FlowModel.parse(new JsonArray(json), TYPES);
  }

  @Test
  void nodesBelongToTheirTabAndConfigNodesWithoutZAreGlobal() {
    FlowModel m = parse("[{\"id\":\"t1-1\",\"x\":10,\"y\":10,\"z\":\"t1\",\"type\":\"test\",\"foo\":\"cn\",\"wires\":[]},{\"id\":\"cn\",\"type\":\"cfg\"},{\"id\":\"t1\",\"type\":\"tab\"}]");
    assertThat(m.tabs()).containsOnlyKeys("t1");
    assertThat(m.tabs().get("t1").nodes()).containsOnlyKeys("t1-1");
    assertThat(m.global().configs()).containsOnlyKeys("cn");
    assertThat(m.missingTypes()).isEmpty();
  }

  @Test
  void unknownTypesWithoutPositionAreConfigNodesAsInNodeRed() {
    FlowModel m = parse("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"a\",\"z\":\"t1\",\"type\":\"mystery\",\"x\":1,\"y\":2},{\"id\":\"b\",\"z\":\"t1\",\"type\":\"mystery-config\"},{\"id\":\"c\",\"z\":\"t1\",\"type\":\"test\"}]");
    assertThat(m.tabs().get("t1").nodes()).containsOnlyKeys("a", "c");
    assertThat(m.tabs().get("t1").configs()).containsOnlyKeys("b");
    assertThat(m.missingTypes()).containsExactly("mystery", "mystery-config");
  }

  @Test
  void subflowInstancesAreListedOnTheirDefinitionAndAnUnknownSubflowIsMissing() {
    FlowModel m = parse("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"t1-1\",\"x\":10,\"y\":10,\"z\":\"t1\",\"type\":\"subflow:sf1\",\"wires\":[]},{\"id\":\"sf1\",\"type\":\"subflow\"},{\"id\":\"sf1-1\",\"x\":10,\"y\":10,\"z\":\"sf1\",\"type\":\"test\",\"wires\":[]},{\"id\":\"x\",\"z\":\"t1\",\"type\":\"subflow:nope\",\"x\":1,\"y\":1}]");
    assertThat(m.subflows().get("sf1").nodes()).containsOnlyKeys("sf1-1");
    assertThat(m.subflows().get("sf1").instances()).extracting(n -> n.getString("id")).containsExactly("t1-1");
    assertThat(m.missingTypes()).containsExactly("subflow:nope");
  }

  @Test
  void aMissingTabIsCreatedImplicitly() {
    FlowModel m = parse("[{\"id\":\"t1-1\",\"x\":10,\"y\":10,\"z\":\"t1\",\"type\":\"test\",\"wires\":[]}]");
    assertThat(m.tabs()).containsOnlyKeys("t1");
    assertThat(m.tabs().get("t1").def()).isNull();
  }

  @Test
  void groupsAreKeptPerContainer() {
    FlowModel m = parse("[{\"id\":\"t1\",\"type\":\"tab\"},{\"id\":\"t1-1\",\"x\":10,\"y\":10,\"z\":\"t1\",\"type\":\"test\",\"wires\":[]},{\"id\":\"g1\",\"type\":\"group\",\"z\":\"t1\"}]");
    assertThat(m.tabs().get("t1").groups()).containsOnlyKeys("g1");
    assertThat(m.tabs().get("t1").nodes()).containsOnlyKeys("t1-1");
  }

  @Test
  void linkOutIsWiredToItsLinksAndToTheLinkInNodesNamingIt() {
    FlowModel m = parse("[{\"id\":\"o\",\"type\":\"link out\",\"z\":\"t\",\"links\":[\"i1\"],\"x\":1,\"y\":1},{\"id\":\"i1\",\"type\":\"link in\",\"z\":\"t\",\"links\":[],\"x\":1,\"y\":1,\"wires\":[]},{\"id\":\"i2\",\"type\":\"link in\",\"z\":\"t2\",\"links\":[\"o\"],\"x\":1,\"y\":1,\"wires\":[]}]");
    assertThat(m.wires(m.node("o"))).isEqualTo(List.of(List.of("i1", "i2")));
    assertThat(m.node("o").containsKey("wires")).as("the configuration itself is not changed").isFalse();
  }

  @Test
  void theConfigurationIsKeptVerbatimWithUnknownFields() {
    String json = "[{\"id\":\"n\",\"type\":\"whatever\",\"z\":\"t\",\"custom\":{\"deep\":[1,\"x\",null]},\"x\":1,\"y\":2,\"wires\":[[]]}]";
    JsonArray input = new JsonArray(json);
    FlowModel m = FlowModel.parse(input, TYPES);
    input.getJsonObject(0).put("custom", "changed afterwards");
    assertThat(m.config()).isEqualTo(new JsonArray(json));
  }

  @Test
  void malformedEntriesAreRefusedNamingThem() {
    assertThatThrownBy(() -> parse("[{\"id\":\"a\",\"type\":\"test\"},{\"id\":\"a\",\"type\":\"test\"}]"))
      .isInstanceOf(InvalidFlowException.class).hasMessage("flows[1] (test): duplicate node id 'a' (also flows[0])");
    assertThatThrownBy(() -> parse("[{\"type\":\"test\"}]")).isInstanceOf(InvalidFlowException.class).hasMessage("flows[0] (test): id is missing");
    assertThatThrownBy(() -> parse("[{\"id\":\"a\"}]")).isInstanceOf(InvalidFlowException.class).hasMessage("flows[0] (id a): type is missing");
    assertThatThrownBy(() -> parse("[1]")).isInstanceOf(InvalidFlowException.class).hasMessage("flows[0] is not an object");
    assertThatThrownBy(() -> parse("[{\"id\":\"a\",\"type\":\"test\",\"wires\":[\"b\"]}]"))
      .isInstanceOf(NodeConfigException.class).hasMessage("node a (test): wires[0] is not an array of node ids");
    assertThatThrownBy(() -> parse("[{\"id\":\"a\",\"type\":\"test\",\"z\":5}]"))
      .isInstanceOf(NodeConfigException.class).hasMessage("node a (test): z is not a string");
  }
}
