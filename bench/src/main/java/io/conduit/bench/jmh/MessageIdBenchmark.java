package io.conduit.bench.jmh;

import io.conduit.spi.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cost of a {@code _msgid} (every message the flows create gets one): {@link Message#newId()}
 * (the thread's own generator) against the same 16 hex digits from a shared {@link SecureRandom}
 * (the first implementation, kept here as the baseline).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class MessageIdBenchmark {
  private static final SecureRandom SECURE = new SecureRandom();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Benchmark
  public String messageNewId() {
    return Message.newId();
  }

  @Benchmark
  public String secureRandomId() {
    byte[] b = new byte[8];
    SECURE.nextBytes(b);
    char[] out = new char[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[b[i] & 0xf];
    }
    return new String(out);
  }
}
