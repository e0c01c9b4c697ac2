package io.weft.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.ConfigEntry;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.common.ConfigResource;
import io.vertx.kafka.admin.NewTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Weft's topics when they do not exist yet. A topic that exists is left as it is: its
 * partitions and retention are the operator's from then on, not overwritten at every start.
 */
public final class KafkaTopics {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

  private KafkaTopics() {}

  /** The span topic: the configured partitions and retention. */
  public static NewTopic spans(KafkaSettings s) {
    return topic(s, s.topic(), s.partitions());
  }

  public static NewTopic topic(KafkaSettings s, String name, int partitions) {
    return new NewTopic(name, partitions, s.replicationFactor())
        .setConfig(Map.of("retention.ms", Long.toString(s.retentionMs())));
  }

  /** Creates the missing ones; succeeds when all exist (also when another node created one first). */
  public static Future<Void> ensure(Vertx vertx, KafkaSettings s, List<NewTopic> topics) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, s.admin());
    return admin.listTopics()
        .compose(existing -> {
          List<NewTopic> missing = new ArrayList<>();
          for (NewTopic t : topics) {
            if (!existing.contains(t.getName())) {
              missing.add(t);
            }
          }
          if (missing.isEmpty()) {
            return Future.<Void>succeededFuture();
          }
          return replicationFactor(admin, s).compose(rf -> {
            missing.forEach(t -> t.setReplicationFactor(rf));
            return admin.createTopics(missing);
          })
              .onSuccess(v -> missing.forEach(t -> LOG.info("created Kafka topic {} ({} partitions, retention {} ms)",
                  t.getName(), t.getNumPartitions(), t.getConfig().get("retention.ms"))))
              .recover(err -> createdMeanwhile(err) ? Future.succeededFuture() : Future.failedFuture(err));
        })
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "cannot reach Kafka at " + s.brokers() + " to check topics " + names(topics) + ": " + err.getMessage(), err)))
        .eventually(admin::close);
  }

  /**
   * The configured replication factor, or with -1 the broker's default.replication.factor (read from
   * a broker: Vert.x's NewTopic cannot leave the factor to the broker).
   */
  private static Future<Short> replicationFactor(KafkaAdminClient admin, KafkaSettings s) {
    if (s.replicationFactor() > 0) {
      return Future.succeededFuture(s.replicationFactor());
    }
    return admin.describeCluster().compose(cluster -> {
      String broker = Integer.toString(cluster.getNodes().get(0).getId());
      ConfigResource r = new ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.BROKER, broker);
      return admin.describeConfigs(List.of(r)).map(configs -> {
        for (ConfigEntry e : configs.get(r).getEntries()) {
          if (e.getName().equals("default.replication.factor")) {
            return Short.parseShort(e.getValue());
          }
        }
        return (short) 1;
      });
    });
  }

  private static boolean createdMeanwhile(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof TopicExistsException) {
        return true;
      }
    }
    return false;
  }

  private static List<String> names(List<NewTopic> topics) {
    return topics.stream().map(NewTopic::getName).toList();
  }
}
