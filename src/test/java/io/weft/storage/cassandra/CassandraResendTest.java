package io.weft.storage.cassandra;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.it.KafkaBroker;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.SpanRecords;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.RetriedWrite;
import io.weft.storage.StorageUnavailableException;
import io.weft.testing.Metrics;
import io.weft.testing.TestSpans;
import io.weft.testing.Wait;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against a real Cassandra node, one statement of a write fails transiently (injected at the executor's
 * send, as an overloaded node's timeouts would: every attempt of the statement holding one trace's chunk
 * row): a retry of the write in the same {@link RetriedWrite} (the ingester's) sends only that statement,
 * not the other chunk, summary, name and counter statements Cassandra acknowledged, and the counts in
 * /metrics say so; the trace then reads back whole and once. A write outside one (the collector's) still
 * fails promptly and is sent whole. Through a real ingester and Kafka, the batch's offsets are committed
 * only once the retry stored it.
 */
@ExtendWith(VertxExtension.class)
class CassandraResendTest {
  private static final int TRACES = 8;

  private final long base = (System.currentTimeMillis() - 60_000) * 1000;
  private final String service = "resend-" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private final AtomicInteger sendsOfFailing = new AtomicInteger();
  private final AtomicInteger sendsOfOthers = new AtomicInteger();

  @Test
  void aRetrySendsOnlyWhatWasNotAcknowledged(Vertx vertx) throws Exception {
    WeftMetrics metrics = new WeftMetrics();
    CassandraSpanStore store = await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()),
        metrics), 120);
    try {
      List<List<Span>> traces = traces();
      TraceId failed = traces.get(TRACES - 1).get(0).traceId();
      List<Span> spans = traces.stream().flatMap(List::stream).toList();
      CqlExecutor exec = store.executor();
      exec.failureForTests = st -> inject(st, failed);
      RetriedWrite ingesterWrite = new RetriedWrite();

      Throwable first = await(ingesterWrite.attempt(() -> store.write(spans)).transform(CassandraResendTest::failure));
      assertTrue(first instanceof StorageUnavailableException, "a transient failure after its attempts: " + first);
      Wait.until("the first attempt's other statements answered", 60, () -> exec.inFlight() == 0 && exec.queued() == 0);
      String afterFirst = metrics.scrape();
      double requests = Metrics.value(afterFirst, "weft_cassandra_span_write_requests_total");
      double rows = Metrics.value(afterFirst, "weft_cassandra_span_write_rows_total");
      int othersSent = sendsOfOthers.get();
      assertEquals(CqlExecutor.ATTEMPTS, sendsOfFailing.get());
      assertTrue(requests >= 2 && rows >= 2 * TRACES, "chunks and summaries: " + requests + " requests, " + rows + " rows");

      Throwable second = await(ingesterWrite.attempt(() -> store.write(spans)).transform(CassandraResendTest::failure));
      assertTrue(second instanceof StorageUnavailableException, "still failing: " + second);
      String afterSecond = metrics.scrape();
      assertEquals(othersSent, sendsOfOthers.get(), "nothing acknowledged was sent again (names, counters included)");
      assertEquals(2 * CqlExecutor.ATTEMPTS, sendsOfFailing.get());
      assertEquals(requests + 1, Metrics.value(afterSecond, "weft_cassandra_span_write_requests_total"));
      assertEquals(rows + 1, Metrics.value(afterSecond, "weft_cassandra_span_write_rows_total"));
      assertEquals(1, Metrics.value(afterSecond, "weft_cassandra_span_write_resumed_total"));
      assertEquals(1, Metrics.value(afterSecond, "weft_cassandra_span_write_resent_requests_total"));
      assertEquals(rows - 1, Metrics.value(afterSecond, "weft_cassandra_span_write_rows_not_resent_total"));

      // The collector's write, outside any retried write: fails as before, and is sent whole.
      Throwable collector = await(store.write(spans).transform(CassandraResendTest::failure));
      assertTrue(collector instanceof StorageUnavailableException, "fails promptly, retryably: " + collector);
      Wait.until("the collector's write answered", 60, () -> exec.inFlight() == 0 && exec.queued() == 0);
      assertEquals(2 * requests + 1, Metrics.value(metrics.scrape(), "weft_cassandra_span_write_requests_total"));
      int othersAfterCollector = sendsOfOthers.get();
      assertTrue(othersAfterCollector > othersSent, "the collector's write sent its statements again");

      failing.set(false); // the node recovers
      await(ingesterWrite.attempt(() -> store.write(spans)));
      String done = metrics.scrape();
      assertEquals(othersAfterCollector, sendsOfOthers.get());
      assertEquals(2 * requests + 2, Metrics.value(done, "weft_cassandra_span_write_requests_total"));
      assertEquals(2, Metrics.value(done, "weft_cassandra_span_write_resent_requests_total"));
      assertEquals(2 * (rows - 1), Metrics.value(done, "weft_cassandra_span_write_rows_not_resent_total"));

      assertStoredOnce(store, traces);
    } finally {
      store.executor().failureForTests = null;
      await(store.close());
    }
  }

  @Test
  void theIngesterCommitsOnlyOnceTheRetryStoredTheRest(Vertx vertx) throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = "weft-resend-" + UUID.randomUUID();
    String group = "g-" + topic;
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrap());
    List<List<Span>> traces = traces();
    TraceId failed = traces.get(TRACES - 1).get(0).traceId();
    WeftMetrics metrics = new WeftMetrics();
    CassandraSpanStore store = await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()),
        metrics), 120);
    store.executor().failureForTests = st -> inject(st, failed);
    String deployment = null;
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      // Every record before the ingester starts: one poll, one write.
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
          new ByteArraySerializer())) {
        for (List<Span> t : traces) {
          producer.send(new ProducerRecord<>(topic, SpanRecords.key(t.get(0).traceId()), SpanBinaryCodec.encode(t)))
              .get(10, TimeUnit.SECONDS);
        }
      }
      WeftConfig c = WeftConfig.defaults().with(Map.of("kafka.brokers", kafka.bootstrap(), "kafka.topic", topic,
          "kafka.topic.partitions", "1", "ingester.group-id", group, "ingester.retry-backoff-max", "1s"));
      deployment = await(vertx.deployVerticle(new IngesterVerticle(IngesterSettings.from(c), KafkaSettings.from(c),
          store, metrics)), 60);

      Wait.until("the first write failed", 90, () -> failures(metrics) >= 1);
      int othersSent = sendsOfOthers.get();
      Wait.until("retries failing", 60, () -> failures(metrics) >= 4);
      assertEquals(Map.of(), committed(admin, group), "no offset committed while the write fails");
      assertEquals(othersSent, sendsOfOthers.get(), "retries send only the failing statement");

      failing.set(false);
      Wait.until("the batch's offsets committed", 60, () -> committed(admin, group).getOrDefault(
          new TopicPartition(topic, 0), new OffsetAndMetadata(0)).offset() == TRACES);
      String s = metrics.scrape();
      int spans = traces.stream().mapToInt(List::size).sum();
      assertEquals(spans, Metrics.value(s, "weft_ingester_spans_written_total"), "committed once stored");
      double resumed = Metrics.value(s, "weft_cassandra_span_write_resumed_total");
      assertTrue(resumed >= 4, "retries: " + resumed);
      assertEquals(resumed + 1, Metrics.value(s, "weft_cassandra_span_writes_total"), "one poll, one write, retried");
      assertEquals(resumed, Metrics.value(s, "weft_cassandra_span_write_resent_requests_total"),
          "each retry sent one request: the failing statement");
      assertTrue(Metrics.value(s, "weft_cassandra_span_write_rows_not_resent_total") >= resumed * (2 * TRACES - 1),
          "each retry spared the other chunk and summary rows");
      assertEquals(othersSent, sendsOfOthers.get());
      assertStoredOnce(store, traces);
    } finally {
      if (deployment != null) {
        await(vertx.undeploy(deployment), 60);
      }
      store.executor().failureForTests = null;
      await(store.close());
    }
  }

  /** Eight traces of three spans; the last one's chunk is a statement of its own (over 2,000 bytes). */
  private List<List<Span>> traces() {
    List<List<Span>> traces = new ArrayList<>();
    for (int t = 0; t < TRACES; t++) {
      TraceId id = TestSpans.newTraceId();
      List<Span> spans = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Span.Builder b = TestSpans.of(id, i, i == 1 ? 0 : 1, service, "op-" + i).startTimeMicros(base + t * 1000 + i)
            .durationMicros(100 + i);
        if (t == TRACES - 1 && i == 3) {
          b.tags(List.of(Tag.string("payload", randomHex(6000))));
        }
        spans.add(b.build());
      }
      traces.add(spans);
    }
    return traces;
  }

  /** Fails every send of the statement holding {@code failed}'s chunk row while {@link #failing}. */
  private Throwable inject(Statement<?> st, TraceId failed) {
    if (!holdsChunkOf(st, failed)) {
      sendsOfOthers.incrementAndGet();
      return null;
    }
    sendsOfFailing.incrementAndGet();
    return failing.get() ? new DriverTimeoutException("injected: the node timed out") : null;
  }

  private static boolean holdsChunkOf(Statement<?> st, TraceId trace) {
    if (st instanceof BatchStatement batch) {
      for (var row : batch) {
        if (holdsChunkOf(row, trace)) {
          return true;
        }
      }
      return false;
    }
    return st instanceof BoundStatement b && b.getPreparedStatement().getQuery().contains(".trace_chunks ")
        && b.getBytesUnsafe(0).equals(Blobs.of(trace));
  }

  /** Every trace reads back whole, each span once, from one chunk row. */
  private static void assertStoredOnce(CassandraSpanStore store, List<List<Span>> traces) {
    for (List<Span> t : traces) {
      TraceId id = t.get(0).traceId();
      List<Span> read = new ArrayList<>(await(store.getTrace(id)));
      read.sort(Comparator.comparingLong(Span::spanId));
      assertEquals(t, read, "trace " + id);
      Set<Long> ids = new HashSet<>();
      read.forEach(s -> assertTrue(ids.add(s.spanId()), "span " + s.spanId() + " read once"));
      assertEquals(1, await(store.executor().readAll(SimpleStatement.newInstance("SELECT chunk_id FROM "
          + CassandraTestNode.KEYSPACE + ".trace_chunks WHERE trace_id = ?", Blobs.of(id)))).size());
    }
  }

  /** The write's failure (null if it succeeded), as a future that succeeds. */
  private static Future<Throwable> failure(io.vertx.core.AsyncResult<Void> ar) {
    return Future.succeededFuture(ar.cause());
  }

  private static double failures(WeftMetrics metrics) {
    return Metrics.value(metrics.scrape(), "weft_ingester_write_failures_total");
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
  }

  private static String randomHex(int n) {
    StringBuilder sb = new StringBuilder(n);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    while (sb.length() < n) {
      sb.append(Long.toHexString(r.nextLong()));
    }
    return sb.substring(0, n);
  }
}
