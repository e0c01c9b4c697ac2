package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.core.Vertx;
import io.weft.kafka.SpanRecords;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.testing.TestSpans;
import io.weft.testing.Wait;
import io.weft.wire.SpanBinaryCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The ingester's write shape into a real Cassandra node, from real Kafka records: a trace whose spans
 * sit in many records (one span each, as a collector that wrote every span apart would leave them) is
 * stored as one chunk row when one poll reads them all, and the node's /metrics count what it sent
 * (weft_cassandra_span_write_*), so a bench can compare the ingester's writes with a collector's.
 */
class KafkaChunksTest {
  private static final int SPANS = 20;

  @Test
  void aTraceSplitOverManyRecordsIsOneChunkPerPoll() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(1);
    Properties props = new Properties();
    props.put("bootstrap.servers", topic.kafka.bootstrap());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic.name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    TraceId trace = TestSpans.newTraceId();
    String service = "kafka-chunks-" + Long.toHexString(trace.low());
    long start = (System.currentTimeMillis() - 10_000) * 1000;
    // Every record before the ingester starts: its first poll reads them all.
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int i = 1; i <= SPANS; i++) {
        Span s = TestSpans.of(trace, i, i == 1 ? 0 : 1, service, "op-" + (i % 3)).startTimeMicros(start + i)
            .durationMicros(100 + i).build();
        producer.send(new ProducerRecord<>(topic.name, SpanRecords.key(trace), SpanBinaryCodec.encode(List.of(s))))
            .get(10, TimeUnit.SECONDS);
      }
    }
    try (TestNode ingester = TestNode.startWithin(topic.intoCassandra("ingester"), 180)) {
      Wait.until("the ingester's write of " + SPANS + " spans", 60,
          () -> ingester.metric("weft_ingester_spans_written_total") >= SPANS);
      // Tail: the write is counted when acknowledged; the trace's row is there then.
      Vertx vertx = Vertx.vertx();
      CassandraClient cql = CassandraClient.create(vertx, CassandraSpanStore.clientOptions(
          CassandraTestNode.shared().settings(Map.of())));
      try {
        ByteBuffer id = ByteBuffer.allocate(16).putLong(trace.high()).putLong(trace.low()).flip();
        List<Row> chunks = Wait.await(cql.executeWithFullFetch(SimpleStatement.newInstance(
            "SELECT span_count FROM " + CassandraTestNode.KEYSPACE + ".trace_chunks WHERE trace_id = ?", id)));
        assertEquals(1, chunks.size(), "one chunk row for the trace's " + SPANS + " records of one poll");
        assertEquals(SPANS, chunks.get(0).getInt(0));
      } finally {
        Wait.await(cql.close());
        Wait.await(vertx.close());
      }
      assertEquals(SPANS, ingester.metric("weft_cassandra_span_write_spans_total"));
      assertEquals(1, ingester.metric("weft_cassandra_span_write_rows_total{table=\"trace_chunks\"}"));
      // One service and bucket: one summary row, holding the three operations.
      assertEquals(1, ingester.metric("weft_cassandra_span_write_rows_total{table=\"trace_summary\"}"));
      assertEquals(1, ingester.metric("weft_cassandra_span_writes_total"), "one write for the poll");
    }
  }
}
