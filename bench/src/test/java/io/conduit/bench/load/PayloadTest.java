package io.conduit.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {
  @Test
  void binaryStampIsReadBackAndPaddedToTheSizeAsked() {
    byte[] b = Payload.binary(64, 7, 3, 42);
    assertThat(b).hasSize(64);
    Payload.Stamp s = Payload.readBinary(ByteBuffer.wrap(b));
    assertThat(s.mark()).isEqualTo(7);
    assertThat(s.publisher()).isEqualTo(3);
    assertThat(s.seq()).isEqualTo(42);
    assertThat(s.sentMicros()).isLessThanOrEqualTo(Payload.now());
  }

  @Test
  void jsonStampSurvivesAFlowThatChangedVAndReserialisedWithSpaces() {
    String fromFlow = "{\"v\": 14, \"e\": 5, \"p\": 0, \"s\": 9, \"t\": 123456}";
    Payload.Stamp s = Payload.readJson(ByteBuffer.wrap(fromFlow.getBytes(StandardCharsets.US_ASCII)));
    assertThat(s).isEqualTo(new Payload.Stamp(123456, 5, 0, 9));
  }

  @Test
  void jsonWithoutTheStampIsNotOurs() {
    assertThat(Payload.readJson(ByteBuffer.wrap("{\"v\":1}".getBytes(StandardCharsets.US_ASCII)))).isNull();
    assertThat(Payload.readBinary(ByteBuffer.wrap(new byte[3]))).isNull();
  }

  @Test
  void receiverTellsItsRunsWarmupAndMeasuredMessagesFromOtherRuns() {
    Receiver r = Receiver.binary(4);
    r.accept(ByteBuffer.wrap(Payload.binary(64, Payload.warmupMark(4), 0, 1)));
    r.window(true);
    r.accept(ByteBuffer.wrap(Payload.binary(64, Payload.warmupMark(4), 0, 2)));
    r.accept(ByteBuffer.wrap(Payload.binary(64, 4, 0, 3)));
    r.accept(ByteBuffer.wrap(Payload.binary(64, 2, 0, 4)));
    r.accept(ByteBuffer.wrap(Payload.binary(64, 0, 0, 5)));
    r.window(false);
    r.accept(ByteBuffer.wrap(Payload.binary(64, 4, 0, 6)));
    assertThat(r.measuredCount()).isEqualTo(2);
    assertThat(r.warmupCount()).isEqualTo(2);
    assertThat(r.ownCount()).isEqualTo(4);
    assertThat(r.windowCount()).isEqualTo(2);
    assertThat(r.foreignCount()).isEqualTo(2);
    assertThat(r.latency().getTotalCount()).isEqualTo(2);
  }
}
