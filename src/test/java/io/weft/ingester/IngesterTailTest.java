package io.weft.ingester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.kafka.SpanRecords;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.sampling.tail.TailConfig;
import io.weft.sampling.tail.TailMetrics;
import io.weft.sampling.tail.TailSampler;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import io.weft.testing.TestSpans;
import io.weft.testing.WatchedSpans;
import io.weft.testing.Wait;
import io.weft.wire.SpanBinaryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingester's tail sampling buffers batches and decides traces on worker threads, not its loop: the
 * loop reads no span of a batch, batches still reach the sampler in poll order (a trace's spans come out
 * in the order they were read), and a batch completes only once its traces are decided and stored.
 */
@ExtendWith(VertxExtension.class)
class IngesterTailTest {
  private static final TopicPartition P0 = new TopicPartition("spans", 0);
  private static final int BATCHES = 40;
  private static final int SPANS = 50;

  @Test
  void batchesAreBufferedOffTheLoopInPollOrderAndCompleteOnceDecidedAndStored(Vertx vertx) throws Exception {
    TailConfig config = TailConfig.parse("""
        decision_wait: 1s
        policies: [{name: all, type: always_sample}]
        """.getBytes(StandardCharsets.UTF_8));
    TailSampler sampler = new TailSampler(() -> config, new TailMetrics(new WeftMetrics()));
    List<List<Span>> stored = new CopyOnWriteArrayList<>();
    IngesterTail tail = new IngesterTail(vertx, sampler, (tenant, spans) -> {
      stored.add(spans);
      return Future.succeededFuture();
    }, (tenant, spans) -> Future.failedFuture("no trace is dropped"),
        new IngesterMetrics(new WeftMetrics(), () -> 0, () -> 0, () -> 0), null, () -> false, tp -> true);
    TraceId trace = TestSpans.newTraceId();
    List<Span> sent = new ArrayList<>();
    List<WatchedSpans> watched = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < BATCHES; i++) { // one trace read over many polls
      List<Span> spans = new ArrayList<>();
      for (int s = 1; s <= SPANS; s++) {
        spans.add(TestSpans.of(trace, i * SPANS + s, i + s == 1 ? 0 : 1, "svc", "op-" + i).build());
      }
      sent.addAll(spans);
      Batch b = Batch.decode(new ConsumerRecords<>(Map.of(P0, List.of(new ConsumerRecord<>(P0.topic(), 0, i,
          SpanRecords.key(trace), SpanBinaryCodec.encode(spans))))), null, TenantResolver.disabled(), true);
      WatchedSpans w = new WatchedSpans(b.byPartition.get(P0).get(TenancySettings.IMPLICIT));
      b.byPartition.get(P0).put(TenancySettings.IMPLICIT, w);
      watched.add(w);
      batches.add(b);
    }
    Context loop = vertx.getOrCreateContext();
    List<Future<Void>> accepted = new CopyOnWriteArrayList<>();
    loop.runOnContext(v -> batches.forEach(b -> accepted.add(tail.accept(b))));

    Wait.until("every batch buffered", 30, () -> sampler.spans() == (long) BATCHES * SPANS);
    for (WatchedSpans w : watched) {
      assertTrue(w.reads.get() >= SPANS, "the sampler read the batch's spans: " + w.reads);
      assertEquals(Set.of(), w.readOnLoop, "event-loop threads that read a batch's spans");
    }
    assertTrue(accepted.stream().noneMatch(Future::isComplete), "a batch waits for its traces' decision");

    loop.runOnContext(v -> tail.decideDue(System.nanoTime() + 2_000_000_000L));
    Wait.until("every batch done", 30, () -> accepted.size() == BATCHES && accepted.stream().allMatch(Future::isComplete));
    assertTrue(accepted.stream().allMatch(Future::succeeded));
    assertEquals(1, stored.size(), "the trace is stored once, whole");
    assertEquals(ids(sent), ids(stored.get(0)), "the trace's spans in the order they were read");
    assertEquals(0, sampler.traces());
  }

  @Test
  void aBatchWaitsForTracesDecidedBeforeItsWaitsWereCounted() {
    BatchWaits waits = new BatchWaits();
    waits.run(); // a trace buffered by the worker, decided and stored before the loop counted the batch's waits
    assertFalse(waits.done.future().isComplete());
    waits.add(2);
    waits.release();
    assertFalse(waits.done.future().isComplete(), "one trace of the batch is still undecided");
    waits.run();
    assertTrue(waits.done.future().isComplete());

    BatchWaits none = new BatchWaits();
    none.release();
    assertTrue(none.done.future().isComplete(), "a batch whose spans all followed earlier decisions");
  }

  private static List<Long> ids(List<Span> spans) {
    return spans.stream().map(Span::spanId).toList();
  }
}
