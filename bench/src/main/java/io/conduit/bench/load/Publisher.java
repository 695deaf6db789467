package io.conduit.bench.load;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.reactivex.BackpressureStrategy;
import io.reactivex.Flowable;
import io.reactivex.FlowableEmitter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One publishing connection. Messages go through the client's reactive API, so the client's own
 * flow control paces them: at max rate the source is pulled as the connection can write (QoS 0)
 * or as PUBACKs come back (QoS 1); at a fixed rate a {@link Pacer} pushes them and the client
 * buffers what it cannot write yet (which then shows as latency and, at the end, as loss).
 * Each message is stamped ({@link Payload}) when it is created, right before it is handed over.
 */
final class Publisher {
  /** Messages handed to the client and not yet done, at max rate. */
  static final int WINDOW = 1000;

  private final Mqtt3AsyncClient client;
  private final int index;
  private final LoadOptions options;
  private final MqttTopic topic;
  private final MqttQos qos;
  private final LongAdder sentMeasured = new LongAdder();
  private final LongAdder sentWarmup = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final int mark;
  private volatile boolean measured;
  private volatile boolean stopped;
  private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger refilling = new java.util.concurrent.atomic.AtomicInteger();
  private int seq;
  private boolean maxRate;
  private volatile FlowableEmitter<Mqtt3Publish> emitter;

  Publisher(Mqtt3AsyncClient client, int index, LoadOptions options, int mark) {
    this.client = client;
    this.mark = mark;
    this.index = index;
    this.options = options;
    this.topic = MqttTopic.of(options.publishTopic(index));
    this.qos = Clients.qos(options.qos());
  }

  /** As fast as the client completes them, {@link #WINDOW} at a time. */
  void startMaxRate() {
    maxRate = true;
    run(Flowable.create(e -> {
      emitter = e.serialize();
      refill();
    }, BackpressureStrategy.BUFFER));
  }

  /** Tops the window up; one thread at a time (the last caller's work is done by the one inside). */
  private void refill() {
    if (refilling.getAndIncrement() != 0) return;
    do {
      FlowableEmitter<Mqtt3Publish> e = emitter;
      while (e != null && !stopped && outstanding.get() < WINDOW) {
        outstanding.incrementAndGet();
        e.onNext(next());
      }
    } while (refilling.decrementAndGet() != 0);
  }

  /** Pushed by a pacer through {@link #emit()}; the client buffers what it cannot send yet. */
  void startPushed() {
    run(Flowable.create(e -> emitter = e.serialize(), BackpressureStrategy.BUFFER));
  }

  /** Pushes one message (from the pacer; drops it silently before the client subscribed). */
  void emit() {
    FlowableEmitter<Mqtt3Publish> e = emitter;
    if (e != null && !stopped) e.onNext(next());
  }

  private void run(Flowable<Mqtt3Publish> source) {
    client.toRx().publish(source).subscribe(
      r -> {
        if (r.getError().isPresent()) errors.increment();
        if (maxRate) {
          outstanding.decrementAndGet();
          refill();
        }
      },
      done::completeExceptionally,
      () -> done.complete(null));
  }

  private Mqtt3Publish next() {
    boolean m = measured;
    int s = seq++;
    byte[] payload = options.json()
      ? Payload.json(ThreadLocalRandom.current().nextInt(11), m ? mark : Payload.warmupMark(mark), index, s)
      : Payload.binary(options.payloadSize(), m ? mark : Payload.warmupMark(mark), index, s);
    if (m) sentMeasured.increment();
    else sentWarmup.increment();
    return Mqtt3Publish.builder().topic(topic).qos(qos).payload(payload).build();
  }

  void measure() {
    measured = true;
  }

  /** Stops creating messages; {@link #done()} completes once the client has handled the rest. */
  void stop() {
    stopped = true;
    FlowableEmitter<Mqtt3Publish> e = emitter;
    if (e != null) e.onComplete();
  }

  CompletableFuture<Void> done() {
    return done;
  }

  long sentMeasured() {
    return sentMeasured.sum();
  }

  long sentWarmup() {
    return sentWarmup.sum();
  }

  long errors() {
    return errors.sum();
  }
}
