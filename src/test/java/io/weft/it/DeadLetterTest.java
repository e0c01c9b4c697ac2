package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Metrics;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A record that is not a span message, between two good ones in the same partition: it lands in
 * the dead-letter topic with its reason, the good ones are stored, and the group's committed
 * offset moves past all three.
 */
class DeadLetterTest {

  @Test
  void poisonRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() throws Exception {
    // One partition, so the poison record sits between the two good ones.
    KafkaTopic spans = KafkaTopic.fresh(1);
    KafkaBroker kafka = spans.kafka;
    String topic = spans.name;
    String dlq = topic + "-dlq";
    String group = spans.group();
    try (TestNode node = TestNode.start(spans.node("collector,ingester,query", "ingester.dead-letter-topic", dlq));
        KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props(kafka, Map.of()),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      String before = OtlpJson.traceId(7, 1);
      String after = OtlpJson.traceId(7, 2);
      assertEquals(200, node.post(node.otlpHttp, "/v1/traces", "application/json",
          OtlpJson.trace("dlq-svc", before, 1, 2)).statusCode());
      byte[] poison = "not a span message".getBytes(StandardCharsets.UTF_8);
      RecordMetadata p = raw.send(new ProducerRecord<>(topic, new byte[16], poison)).get(10, TimeUnit.SECONDS);
      assertEquals(200, node.post(node.otlpHttp, "/v1/traces", "application/json",
          OtlpJson.trace("dlq-svc", after, 2, 3)).statusCode());

      Wait.forValue("the record before the poison", 20, () -> node.traceWith(before, 2));
      Wait.forValue("the record after the poison", 20, () -> node.traceWith(after, 3));

      ConsumerRecord<byte[], byte[]> dead = firstRecord(kafka, dlq);
      assertEquals("not a span message", new String(dead.value(), StandardCharsets.UTF_8));
      String reason = header(dead, "weft.dlq.reason");
      assertTrue(reason.contains("CodecException") && reason.contains("version"), reason);
      assertEquals(topic, header(dead, "weft.dlq.topic"));
      assertEquals("0", header(dead, "weft.dlq.partition"));
      assertEquals(Long.toString(p.offset()), header(dead, "weft.dlq.offset"));

      try (Admin admin = Admin.create(props(kafka, Map.of()))) {
        Long committed = Wait.forValue("the group's offset past the good record", 20, () -> {
          try {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(5, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            return o != null && o.offset() >= p.offset() + 2 ? o.offset() : null;
          } catch (Exception e) {
            return null;
          }
        });
        assertEquals(p.offset() + 2, committed);
      }
      String metrics = node.get(node.admin, "/metrics").body();
      assertEquals(1, Metrics.value(metrics, "weft_ingester_dead_letters_total"));
      assertEquals(5, Metrics.value(metrics, "weft_ingester_spans_written_total"));
    }
  }

  static Properties props(KafkaBroker kafka, Map<String, String> extra) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrap());
    p.putAll(extra);
    return p;
  }

  private static ConsumerRecord<byte[], byte[]> firstRecord(KafkaBroker kafka, String topic) throws InterruptedException {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props(kafka, Map.of("group.id", "t-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest")), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      return Wait.forValue("a record in " + topic, 20, 0, () -> {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          return r;
        }
        return null;
      });
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    assertNotNull(h, "header " + key);
    return new String(h.value(), StandardCharsets.UTF_8);
  }
}
