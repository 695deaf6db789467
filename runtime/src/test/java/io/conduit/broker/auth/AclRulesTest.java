package io.conduit.broker.auth;

import io.conduit.spi.TopicFilter;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mosquitto's ACL file format and check order (aclfile.example, security_default.c), without sockets. */
class AclRulesTest {
  private static final String FILE = """
    # anonymous clients
    topic read public/#

    user alice
    topic readwrite home/#
    topic deny home/secret/#
    topic write logs/alice
    topic $SYS/#

    user bob
    topic read home/+/temperature

    pattern readwrite devices/%c/#
    pattern read users/%u/inbox
    """;

  private static AclRules rules() throws IOException {
    return AclRules.parse(FILE, "test.acl");
  }

  @Test
  void anonymousClientsGetTheRulesBeforeTheFirstUserLine() throws IOException {
    TopicAccess anon = rules().forClient(null, "c1");
    assertThat(anon.mayRead("public/news")).isTrue();
    assertThat(anon.mayWrite("public/news")).isFalse();
    assertThat(anon.mayRead("home/kitchen")).isFalse();
  }

  @Test
  void aUserGetsItsOwnSectionAndNotTheAnonymousOne() throws IOException {
    TopicAccess alice = rules().forClient("alice", "c1");
    assertThat(alice.mayRead("home/kitchen")).isTrue();
    assertThat(alice.mayWrite("home/kitchen")).isTrue();
    assertThat(alice.mayRead("public/news")).isFalse();
    assertThat(alice.mayWrite("logs/alice")).isTrue();
    assertThat(alice.mayRead("logs/alice")).isFalse();
    assertThat(alice.mayRead("$SYS/broker/uptime")).isTrue();
    assertThat(rules().forClient("carol", "c1").mayRead("home/kitchen")).isFalse();
  }

  @Test
  void denyRulesComeFirstWhereverTheyStand() throws IOException {
    TopicAccess alice = rules().forClient("alice", "c1");
    assertThat(alice.mayRead("home/secret/diary")).isFalse();
    assertThat(alice.mayWrite("home/secret/diary")).isFalse();
  }

  @Test
  void patternsFillInClientIdAndUserName() throws IOException {
    TopicAccess bob = rules().forClient("bob", "sensor-7");
    assertThat(bob.mayWrite("devices/sensor-7/status")).isTrue();
    assertThat(bob.mayWrite("devices/sensor-8/status")).isFalse();
    assertThat(bob.mayRead("users/bob/inbox")).isTrue();
    assertThat(bob.mayRead("users/alice/inbox")).isFalse();
    TopicAccess anon = rules().forClient(null, "sensor-9");
    assertThat(anon.mayWrite("devices/sensor-9/x")).isTrue();
    assertThat(anon.mayRead("users/%u/inbox")).isFalse();
  }

  @Test
  void wildcardsInClientIdOrUserNameGetNoPatternRules() throws IOException {
    assertThat(rules().forClient(null, "#").mayWrite("devices/anything/x")).isFalse();
    assertThat(rules().forClient("bo+", "c").mayRead("users/x/inbox")).isFalse();
    // the user's own section still applies
    assertThat(rules().forClient("alice", "+").mayRead("home/kitchen")).isTrue();
  }

  @Test
  void aSubscriptionIsGrantedWhenAReadableTopicCanMatchIt() throws IOException {
    TopicAccess bob = rules().forClient("bob", "c1");
    assertThat(bob.maySubscribe(TopicFilter.parse("home/kitchen/temperature"))).isTrue();
    assertThat(bob.maySubscribe(TopicFilter.parse("home/#"))).isTrue();
    assertThat(bob.maySubscribe(TopicFilter.parse("#"))).isTrue();
    assertThat(bob.maySubscribe(TopicFilter.parse("home/kitchen/humidity"))).isFalse();
    assertThat(bob.maySubscribe(TopicFilter.parse("office/#"))).isFalse();
    assertThat(bob.maySubscribe(TopicFilter.parse("$share/g/home/+/temperature"))).isTrue();
  }

  @Test
  void aSubscriptionWhollyInsideADenyRuleIsRefused() throws IOException {
    TopicAccess alice = rules().forClient("alice", "c1");
    assertThat(alice.maySubscribe(TopicFilter.parse("home/secret/#"))).isFalse();
    assertThat(alice.maySubscribe(TopicFilter.parse("home/secret/diary"))).isFalse();
    // partly denied: granted, the denied topics are filtered per message
    assertThat(alice.maySubscribe(TopicFilter.parse("home/#"))).isTrue();
    // write-only rules give no subscription
    assertThat(alice.maySubscribe(TopicFilter.parse("logs/alice"))).isFalse();
  }

  @Test
  void accessDefaultsToReadwriteAndTopicsMayContainSpacesAfterAnAccessWord() throws IOException {
    TopicAccess a = AclRules.parse("topic plain/#\ntopic read my topic/#\n", "x").forClient(null, "c");
    assertThat(a.mayRead("plain/a")).isTrue();
    assertThat(a.mayWrite("plain/a")).isTrue();
    assertThat(a.mayRead("my topic/a")).isTrue();
    assertThat(a.mayWrite("my topic/a")).isFalse();
  }

  @Test
  void invalidLinesAreErrorsNamingFileAndLine() {
    assertThatThrownBy(() -> AclRules.parse("user a\ntopic sometimes x\n", "f.acl"))
      .hasMessageContaining("f.acl line 2").hasMessageContaining("sometimes");
    assertThatThrownBy(() -> AclRules.parse("topic read a/#/b\n", "f.acl"))
      .hasMessageContaining("line 1").hasMessageContaining("#");
    assertThatThrownBy(() -> AclRules.parse("\n\nallow all\n", "f.acl"))
      .hasMessageContaining("line 3").hasMessageContaining("allow");
    assertThatThrownBy(() -> AclRules.parse("user\n", "f.acl")).hasMessageContaining("user name");
  }
}
