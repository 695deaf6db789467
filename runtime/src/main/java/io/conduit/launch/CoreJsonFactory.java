package io.conduit.launch;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x's JSON ({@code JsonObject}, {@code JsonArray}, {@code Json}) on jackson-core's streaming
 * parser alone, found by Vert.x as a {@link JsonFactory} service. With jackson-databind on the class
 * path (it is, for YAML settings) Vert.x would otherwise build a databind {@code ObjectMapper} at the
 * first JSON parse: several hundred classes, a large part of a start-up. Conduit maps no Java
 * objects to JSON through Vert.x (flows, messages and settings are maps, lists and scalars), so
 * the streaming codec gives the same results.
 */
public final class CoreJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  /** Before Vert.x's own factory (which has the largest order). */
  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
