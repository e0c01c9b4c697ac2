package io.weft.ingester;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.kafka.SpanRecords;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import io.weft.storage.cassandra.CassandraSettings;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.tenant.PerTenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * How long one ingester batch (a poll of {@code records} Kafka records of tracegen-shaped spans, as
 * collectors write them: a record per partition and request) holds the event loop on its way into a real
 * Cassandra node: the records' decoding ({@link Batch#decode}), and the storage write's call (what runs
 * before it returns its future), each timed on an event loop, besides the write's whole time. Measures,
 * never asserts.
 *
 * <p>Usage: BatchLoopHoldBench [records per batch=500] [rounds=10]
 */
public final class BatchLoopHoldBench {
  private static final String[] OPS = {"GET /api", "SELECT", "POST /pay", "cache.get", "render"};

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of("cassandra.keyspace", "weft_loophold"));
    Vertx vertx = Vertx.vertx();
    Context loop = vertx.getOrCreateContext();
    CassandraSpanStore store = onLoop(loop, () -> CassandraSpanStore.open(vertx, s, new WeftMetrics()))
        .get(180, TimeUnit.SECONDS);
    SplittableRandom rnd = new SplittableRandom(42);
    double[] decode = new double[rounds];
    double[] call = new double[rounds];
    double[] whole = new double[rounds];
    int spans = 0;
    for (int r = -3; r < rounds; r++) { // 3 rounds of warm-up
      ConsumerRecords<byte[], byte[]> polled = poll(records, rnd);
      long[] t = new long[3];
      CompletableFuture<Integer> done = new CompletableFuture<>();
      loop.runOnContext(v -> {
        long t0 = System.nanoTime();
        Batch b = Batch.decode(polled, null);
        long t1 = System.nanoTime();
        Future<Void> w = b.writeTo(PerTenant.same((SpanWriter) store));
        long t2 = System.nanoTime();
        t[0] = t1 - t0;
        t[1] = t2 - t1;
        w.onComplete(ar -> {
          t[2] = System.nanoTime() - t1;
          if (ar.failed()) {
            done.completeExceptionally(ar.cause());
          } else {
            done.complete(b.spanCount);
          }
        });
      });
      int n = done.get(120, TimeUnit.SECONDS);
      if (r >= 0) {
        decode[r] = t[0] / 1e6;
        call[r] = t[1] / 1e6;
        whole[r] = t[2] / 1e6;
        spans = n;
      }
    }
    System.out.printf("%d records, %d spans per batch, %d rounds, load %s%n", records, spans, rounds,
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    System.out.println("| step | median ms | max ms |");
    System.out.println("|---|---|---|");
    row("decode (on the loop)", decode);
    row("write call (on the loop until it returns)", call);
    row("write until acknowledged", whole);
    onLoop(loop, store::close).get(60, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void row(String what, double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf("| %s | %.1f | %.1f |%n", what, sorted[sorted.length / 2], sorted[sorted.length - 1]);
  }

  private static <T> CompletableFuture<T> onLoop(Context loop, java.util.function.Supplier<Future<T>> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.runOnContext(v -> f.get().onComplete(ar -> {
      if (ar.succeeded()) {
        out.complete(ar.result());
      } else {
        out.completeExceptionally(ar.cause());
      }
    }));
    return out;
  }

  /** About as many records as a collector writes for tracegen's 512-span requests into 32 partitions. */
  static ConsumerRecords<byte[], byte[]> poll(int records, SplittableRandom rnd) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
    long start = System.currentTimeMillis() * 1000;
    int made = 0;
    long offset = 0;
    while (made < records) {
      List<Span> request = new ArrayList<>();
      while (request.size() < 512) {
        io.weft.testing.RandomSpans.addTracegenLikeTrace(request, rnd, OPS, 6, start);
      }
      for (SpanRecords.Out o : SpanRecords.encode(request, 32)) {
        if (made++ >= records) {
          break;
        }
        TopicPartition tp = new TopicPartition("spans", o.partition());
        int keySize = o.key() == null ? -1 : o.key().length; // null: a record of several traces
        byPartition.computeIfAbsent(tp, k -> new ArrayList<>()).add(new ConsumerRecord<>("spans", o.partition(),
            offset++, start / 1000, TimestampType.CREATE_TIME, keySize, o.value().length, o.key(), o.value(),
            new RecordHeaders(), Optional.empty())); // produced now: tail sampling reads record times
      }
    }
    return new ConsumerRecords<>(byPartition);
  }
}
