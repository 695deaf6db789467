package io.conduit.spi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one JSON writer against what Node.js prints for the same value (the expected texts are
 * Node.js's output for {@code {a:[1,{},undefined,[]],b:{},c:Buffer.from([1,255]),d:Buffer.alloc(0),
 * u:undefined,n:NaN,s:"x\"\n",o:{only:undefined}}}), with a marker object standing for undefined.
 */
class JsonTextTest {
  private static final Object UNDEFINED = new Object();

  private static Map<String, Object> sample() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("a", new ArrayList<>(Arrays.asList(1, Map.of(), UNDEFINED, List.of())));
    v.put("b", new JsonObject());
    v.put("c", Buffer.buffer(new byte[] {1, (byte) 255}));
    v.put("d", new byte[0]);
    v.put("u", UNDEFINED);
    v.put("n", Double.NaN);
    v.put("s", "x\"\n");
    Map<String, Object> onlyUndefined = new LinkedHashMap<>();
    onlyUndefined.put("only", UNDEFINED);
    v.put("o", onlyUndefined);
    return v;
  }

  private static String write(Object v, String indent) {
    StringBuilder sb = new StringBuilder();
    JsonText.write(sb, v, indent, o -> o == UNDEFINED ? JsonText.OMIT : o.toString());
    return sb.toString();
  }

  @Test
  void compactIsJsonStringify() {
    assertThat(write(sample(), null)).isEqualTo(
      "{\"a\":[1,{},null,[]],\"b\":{},\"c\":{\"type\":\"Buffer\",\"data\":[1,255]},\"d\":{\"type\":\"Buffer\",\"data\":[]},"
        + "\"n\":null,\"s\":\"x\\\"\\n\",\"o\":{}}");
  }

  @Test
  void prettyIsJsonStringifyWithFourSpaces() {
    assertThat(write(sample(), "    ")).isEqualTo(
      "{\n    \"a\": [\n        1,\n        {},\n        null,\n        []\n    ],\n    \"b\": {},\n    \"c\": {\n"
        + "        \"type\": \"Buffer\",\n        \"data\": [\n            1,\n            255\n        ]\n    },\n"
        + "    \"d\": {\n        \"type\": \"Buffer\",\n        \"data\": []\n    },\n    \"n\": null,\n"
        + "    \"s\": \"x\\\"\\n\",\n    \"o\": {}\n}");
  }

  @Test
  void otherValuesBecomeWhatTheCallerSays() {
    assertThat(write(List.of(new StringBuilder("sb")), null)).isEqualTo("[\"sb\"]");
    assertThat(write(UNDEFINED, null)).isEqualTo("null");
  }
}
