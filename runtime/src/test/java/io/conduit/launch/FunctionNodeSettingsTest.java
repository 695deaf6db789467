package io.conduit.launch;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The function node's settings are known keys, and bad values stop the start naming the key. */
class FunctionNodeSettingsTest {

  @Test
  void functionSettingsAreAccepted() {
    ConduitOptions o = ConduitOptions.fromSettings(new JsonObject().put("function_timeout", "2.5").put("function_dispatch", "event_loop"));
    assertThat(o.settings().getValue("function_timeout")).isEqualTo("2.5");
  }

  @Test
  void badTimeoutIsRefused() {
    for (Object bad : new Object[] {"0", -1, "soon"}) {
      assertThatThrownBy(() -> ConduitOptions.fromSettings(new JsonObject().put("function_timeout", bad)))
        .hasMessage("setting function_timeout: '" + bad + "' must be a number of seconds > 0");
    }
  }

  @Test
  void badDispatchIsRefused() {
    assertThatThrownBy(() -> ConduitOptions.fromSettings(new JsonObject().put("function_dispatch", "threads")))
      .hasMessage("setting function_dispatch: 'threads' must be worker or event_loop");
  }
}
