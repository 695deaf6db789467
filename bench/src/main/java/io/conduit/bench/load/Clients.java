package io.conduit.bench.load;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import io.reactivex.Scheduler;
import io.reactivex.schedulers.Schedulers;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * HiveMQ MQTT 3.1.1 clients as the load generator uses them: clean session, no automatic reconnect,
 * all on the client library's shared Netty event loops (one per core), so thousands of connections
 * cost no thread each. Subscription callbacks and publish results run directly on those event loops
 * (no hand-over, see {@link #ON_NETTY_THREAD}).
 */
public final class Clients {
  /** Socket connect and CONNACK timeout. */
  public static final int CONNECT_TIMEOUT_SECONDS = 15;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  /** Runs a callback on the Netty thread that produced it: subscription callbacks and, below, publish results. */
  private static final Executor ON_NETTY_THREAD = Runnable::run;
  /**
   * The client's "application scheduler" (where it hands publish results and other callbacks to
   * the application), on the Netty thread too. The default, RxJava's computation pool, moved every
   * publish result to another thread: at 60,000 msg/s of the flow scenario that thread took 8 % of
   * a core on its own, plus the wake-ups of the hand-over.
   */
  private static final Scheduler APPLICATION_SCHEDULER = Schedulers.from(ON_NETTY_THREAD);

  private Clients() {
  }

  /** A connected client; {@code localAddress} may be null (the system picks). */
  public static CompletableFuture<Mqtt3AsyncClient> connect(String clientId, String host, int port, String localAddress,
                                                          int keepAliveSeconds) {
    Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(clientId)
      .executorConfig().applicationScheduler(APPLICATION_SCHEDULER).applyExecutorConfig();
    var transport = b.transportConfig()
      .serverHost(host)
      .serverPort(port)
      .socketConnectTimeout(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
      .mqttConnectTimeout(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (localAddress != null) transport = transport.localAddress(localAddress);
    Mqtt3AsyncClient client = transport.applyTransportConfig().buildAsync();
    return client.connectWith().cleanSession(true).keepAlive(keepAliveSeconds).send().thenApply(ack -> client);
  }

  /** Subscribes with {@code onPayload} called on the Netty thread for each message. */
  public static CompletableFuture<Void> subscribe(Mqtt3AsyncClient client, String filter, int qos, Consumer<ByteBuffer> onPayload) {
    Mqtt3Subscribe sub = Mqtt3Subscribe.builder().topicFilter(filter).qos(qos(qos)).build();
    Consumer<Mqtt3Publish> callback = p -> onPayload.accept(p.getPayload().orElse(EMPTY));
    return client.subscribe(sub, callback, ON_NETTY_THREAD).thenApply(ack -> null);
  }

  public static MqttQos qos(int qos) {
    return switch (qos) {
      case 0 -> MqttQos.AT_MOST_ONCE;
      case 1 -> MqttQos.AT_LEAST_ONCE;
      case 2 -> MqttQos.EXACTLY_ONCE;
      default -> throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    };
  }

  /** Disconnects, ignoring a connection that is already gone. */
  public static CompletableFuture<Void> disconnect(Mqtt3AsyncClient client) {
    return client.disconnect().handle((v, e) -> null);
  }
}
