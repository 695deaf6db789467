package io.conduit.nodes.util;

import org.junit.jupiter.api.Test;

import java.util.regex.PatternSyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** String.prototype.replace with a RegExp, against node's own output. */
class JsRegExpTest {

  @Test
  void globalReplacesEveryMatchOtherwiseTheFirst() {
    assertThat(JsRegExp.compile("o", "g").replace("foo boo", "0")).isEqualTo("f00 b00");
    assertThat(JsRegExp.compile("o", "").replace("foo boo", "0")).isEqualTo("f0o boo");
  }

  @Test
  void replacementPatternsExpandAsInJavaScript() {
    JsRegExp re = JsRegExp.compile("(\\w+)@(\\w+)", "g");
    assertThat(re.replace("a@b c@d", "$2@$1")).isEqualTo("b@a d@c");
    assertThat(re.replace("a@b", "[$&]")).isEqualTo("[a@b]");
    assertThat(re.replace("a@b", "$$")).isEqualTo("$");
    assertThat(re.replace("x a@b y", "<$`|$'>")).isEqualTo("x <x | y> y");
    assertThat(re.replace("a@b", "$3")).isEqualTo("$3");
    assertThat(JsRegExp.compile("(?<user>\\w+)@", "").replace("me@host", "$<user>!")).isEqualTo("me!host");
    assertThat(JsRegExp.compile("x", "g").replace("axb", "\\$1")).isEqualTo("a\\$1b");
  }

  @Test
  void emptyMatchesStepForward() {
    assertThat(JsRegExp.compile("", "g").replace("abc", "-")).isEqualTo("-a-b-c-");
    assertThat(JsRegExp.compile("x*", "g").replace("abc", "-")).isEqualTo("-a-b-c-");
    assertThat(JsRegExp.compile("^", "g").replace("abc", "-")).isEqualTo("-abc");
  }

  @Test
  void flagsAndJavaScriptOnlySyntax() {
    assertThat(JsRegExp.compile("HELLO", "i").test("say hello")).isTrue();
    assertThat(JsRegExp.compile("HELLO", "").test("say hello")).isFalse();
    assertThat(JsRegExp.compile("a[^]b", "").test("a\nb")).isTrue();
    assertThat(JsRegExp.compile("a/b", "").toString()).isEqualTo("/a/b/");
    assertThatThrownBy(() -> JsRegExp.compile("(", "")).isInstanceOf(PatternSyntaxException.class);
  }
}
