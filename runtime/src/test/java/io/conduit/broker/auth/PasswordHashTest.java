package io.conduit.broker.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mosquitto_passwd's hash formats (Mosquitto's password_mosq.c); compatibility with the real tool is in MosquittoPasswordFileTest. */
class PasswordHashTest {
  @Test
  void aNewHashVerifiesItsPasswordAndNothingElse() {
    PasswordHash h = PasswordHash.create("correct horse", 1000);
    assertThat(h.verify("correct horse")).isTrue();
    assertThat(h.verify("correct horse ")).isFalse();
    assertThat(h.verify("")).isFalse();
    assertThat(h.verify(null)).isFalse();
    assertThat(PasswordHash.parse(h.encoded()).verify("correct horse")).isTrue();
  }

  @Test
  void newHashesUseMosquittosPbkdf2LayoutWithTheDefaultIterations() {
    String encoded = PasswordHash.create("pw", PasswordHash.DEFAULT_ITERATIONS).encoded();
    assertThat(encoded).matches("\\$7\\$210000\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
    assertThat(PasswordHash.create("pw", 1000).encoded()).isNotEqualTo(PasswordHash.create("pw", 1000).encoded());
  }

  @Test
  void theSameKnownHashAsMosquittoPasswdComputes() {
    // made by: mosquitto_passwd -c -b f alice secret (Mosquitto 2.0.11)
    PasswordHash m = PasswordHash.parse("$7$101$00lNMyB0jVt+A3tA$7jkR1BiGXlP44dhZuVFdmvK25jij0nD13hsschjWq08m9k+kCGGFRHSb5eSL0nUK1AIXlvw/gx/GM8oyjharlA==");
    assertThat(m.verify("secret")).isTrue();
    assertThat(m.verify("Secret")).isFalse();
    // made by: mosquitto_passwd -H sha512 -b f bob pw2
    PasswordHash sha = PasswordHash.parse("$6$cJ/Zz3RU039f9QXy$938Io/p9dkSoFAEfjHwfwpTswUnyNDAO3ayi+0lmNZN616YSpV6PhrzC3VMPYgB/Y8e6GVrLsd3y4HlhaE1wDw==");
    assertThat(sha.verify("pw2")).isTrue();
    assertThat(sha.verify("pw3")).isFalse();
  }

  @Test
  void malformedHashesAreRefusedWithoutRepeatingThem() {
    assertThatThrownBy(() -> PasswordHash.parse("secret")).hasMessageContaining("not a $6$ or $7$");
    assertThatThrownBy(() -> PasswordHash.parse("$5$abc$def")).hasMessageContaining("unknown hash type $5$");
    assertThatThrownBy(() -> PasswordHash.parse("$7$x$AAAA$AAAA")).hasMessageContaining("iteration count");
    assertThatThrownBy(() -> PasswordHash.parse("$7$0$AAAA$AAAA")).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> PasswordHash.parse("$7$10$!!!!$AAAA")).hasMessageContaining("salt is not valid base64");
    assertThatThrownBy(() -> PasswordHash.parse("$7$10$AAAA$AAAA")).hasMessageContaining("not 64").hasMessageNotContaining("AAAA");
    assertThatThrownBy(() -> PasswordHash.create("", 10)).hasMessageContaining("empty");
  }
}
