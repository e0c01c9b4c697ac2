package io.weft.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Builds Vert.x Kafka streams. Kafka's client constructors resolve the bootstrap host names, a
 * blocking DNS lookup, so they run on a worker thread; the streams are then bound to the caller's
 * context, where their futures complete.
 */
public final class KafkaClients {
  private KafkaClients() {}

  public static Future<KafkaWriteStream<byte[], byte[]>> producer(Vertx vertx, Map<String, String> config) {
    return vertx.executeBlocking(() -> new KafkaProducer<byte[], byte[]>(new HashMap<String, Object>(config)), false)
        .map(p -> {
          KafkaWriteStream<byte[], byte[]> stream = KafkaWriteStream.create(vertx, p);
          // A failed send also fails its future, which the caller handles; nothing to report twice.
          stream.exceptionHandler(err -> { });
          return stream;
        });
  }

  public static Future<KafkaReadStream<byte[], byte[]>> consumer(Vertx vertx, Map<String, String> config) {
    return vertx.executeBlocking(() -> new KafkaConsumer<byte[], byte[]>(new HashMap<String, Object>(config)), false)
        .map(c -> KafkaReadStream.create(vertx, c));
  }
}
