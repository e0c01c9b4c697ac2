package io.weft.ingester;

import static io.weft.testing.TestSpans.newTraceId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.weft.kafka.SpanRecords;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import io.weft.wire.SpanBinaryCodec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A poll's records become traces with their record values (stored as they are), loose spans, and poison. */
class BatchTest {
  private static final String TOPIC = "spans";

  @Test
  void singleTraceRecordsKeepTheirValuesMixedOnesGoAsSpansGarbageIsPoison() {
    TraceId t = newTraceId();
    TraceId u = newTraceId();
    byte[] oneTrace = SpanBinaryCodec.encode(List.of(span(t, 1), span(t, 2)));
    byte[] mixed = SpanBinaryCodec.encode(List.of(span(t, 3), span(u, 1)));
    byte[] garbage = {9, 9, 9};
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    TopicPartition p1 = new TopicPartition(TOPIC, 1);
    ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(
        p0, List.of(record(0, 10, t, oneTrace), record(0, 11, t, mixed)),
        p1, List.of(record(1, 4, u, garbage))));

    Batch b = Batch.decode(polled, null);

    assertEquals(3, b.records);
    assertEquals(4, b.spanCount);
    Batch.Spans spans = b.byTenant.get(TenancySettings.IMPLICIT);
    assertEquals(1, spans.traces.size());
    assertSame(oneTrace, spans.traces.get(0).message());
    assertEquals(t, spans.traces.get(0).traceId());
    assertEquals(List.of(span(t, 1), span(t, 2)), spans.traces.get(0).spans());
    assertEquals(List.of(span(t, 3), span(u, 1)), spans.loose);
    assertEquals(1, b.poison.size());
    assertSame(garbage, b.poison.get(0).record().value());
    assertEquals(Map.of(p0, 12L, p1, 5L), b.nextOffsets);
    assertNull(b.byPartition, "grouped by partition only for tail sampling");

    Batch grouped = Batch.decode(polled, null, TenantResolver.disabled(), true);
    // Grouped by partition, then by tenant (one implicit tenant without tenancy).
    assertEquals(Map.of(p0, Map.of(TenancySettings.IMPLICIT, List.of(span(t, 1), span(t, 2), span(t, 3), span(u, 1)))),
        grouped.byPartition);
  }

  @Test
  void aRecordOfSeveralTracesGivesEachTraceWithItsOwnMessageAndIsPoisonWholeWhenOnePartIsBad() {
    TraceId t = newTraceId();
    TraceId u = newTraceId();
    List<Span> spans = List.of(span(t, 1), span(u, 1), span(t, 2));
    SpanRecords.Out many = manyTracesRecord(spans);
    byte[] broken = many.value().clone();
    broken[broken.length - 1] = (byte) 0xff; // the last trace's message no longer decodes
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(p0, List.of(
        new ConsumerRecord<>(TOPIC, 0, 7, null, many.value()), new ConsumerRecord<>(TOPIC, 0, 8, null, broken))));

    Batch b = Batch.decode(polled, null, TenantResolver.disabled(), true);

    assertEquals(2, b.records);
    assertEquals(3, b.spanCount, "the broken record's good trace is not stored apart from it");
    Batch.Spans stored = b.byTenant.get(TenancySettings.IMPLICIT);
    assertEquals(2, stored.traces.size());
    assertEquals(t, stored.traces.get(0).traceId());
    assertEquals(List.of(span(t, 1), span(t, 2)), stored.traces.get(0).spans());
    assertArrayEquals(SpanBinaryCodec.encode(List.of(span(t, 1), span(t, 2))), stored.traces.get(0).message(),
        "each trace's message as the collector encoded it, for storage to keep");
    assertEquals(List.of(span(u, 1)), stored.traces.get(1).spans());
    assertEquals(List.of(), stored.loose);
    assertEquals(1, b.poison.size());
    assertSame(broken, b.poison.get(0).record().value());
    assertEquals(Map.of(p0, 9L), b.nextOffsets);
    assertEquals(Map.of(p0, Map.of(TenancySettings.IMPLICIT, List.of(span(t, 1), span(t, 2), span(u, 1)))),
        b.byPartition);
  }

  /** Spans whose traces share a partition of a 1-partition topic: one record of several traces. */
  private static SpanRecords.Out manyTracesRecord(List<Span> spans) {
    List<SpanRecords.Out> out = SpanRecords.encode(spans, 1);
    assertEquals(1, out.size());
    assertEquals(SpanRecords.MANY_TRACES, out.get(0).value()[0] & 0xff);
    return out.get(0);
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, TraceId key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, partition, offset, SpanRecords.key(key), value);
  }

  private static Span span(TraceId t, long id) {
    return Span.builder().traceId(t).spanId(id).operationName("op").startTimeMicros(1_000_000).durationMicros(5)
        .process(new Process("svc", List.of())).build();
  }
}
