package io.conduit.bench.jmh;

import io.conduit.broker.auth.PasswordHash;
import io.conduit.broker.auth.TopicAccess;
import io.conduit.broker.auth.AclRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What broker security costs per operation: one password check ({@link PasswordHash#verify}, the
 * work a CONNECT with a password puts on a login worker) at Mosquitto's default iteration count
 * (101) and Conduit's (210,000); and one ACL read check ({@link TopicAccess#mayRead}, done per
 * delivery when an ACL file is set) against a 6-rule section plus 2 patterns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PasswordHashBenchmark {
  @Param({"101", "210000"})
  int iterations;

  private PasswordHash hash;
  private TopicAccess access;
  private String[] topic;

  @Setup
  public void setup() throws IOException {
    hash = PasswordHash.create("correct horse battery staple", iterations);
    access = AclRules.parse("""
      user alice
      topic deny home/secret/#
      topic read $SYS/#
      topic readwrite home/+/lights
      topic read home/#
      topic write logs/alice
      topic read weather/#
      pattern readwrite devices/%c/#
      pattern read users/%u/inbox
      """, "bench").forClient("alice", "kitchen-1");
    topic = "home/kitchen/temperature".split("/");
  }

  @Benchmark
  public boolean verifyPassword() {
    return hash.verify("correct horse battery staple");
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public boolean aclReadCheck() {
    return access.mayRead(topic, false);
  }
}
