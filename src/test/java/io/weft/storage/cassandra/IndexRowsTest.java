package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.IndexRows.Entry;
import io.weft.storage.cassandra.IndexRows.Partition;
import io.weft.storage.cassandra.IndexRows.Table;
import io.weft.testing.TestSpans;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexRowsTest {
  private static final long HOUR = 3_600_000_000L;
  private static final long T = 1_700_000_000L / 3600 * 3600 * 1_000_000L; // an hour boundary
  private final Buckets buckets = new Buckets(3600);
  private final TraceId id = new TraceId(0, 42);

  @Test
  void oneRowPerTracePerPartitionAtTheEarliestStart() {
    IndexRows rows = IndexRows.of(List.of(span(1, "api", "GET", T + 50), span(2, "api", "GET", T + 10),
        span(3, "api", "PUT", T + 30)), buckets, TagIndexPolicy.all());
    long bucket = T / 1_000_000;
    Entry trace = new Entry(null, id, 0, 0);
    assertEquals(Map.of(trace, T + 10), rows.earliest.get(new Partition(Table.SERVICE, "api", null, bucket)));
    assertEquals(Map.of(trace, T + 10), rows.earliest.get(new Partition(Table.OPERATION, "api", "GET", bucket)));
    assertEquals(Map.of(trace, T + 30), rows.earliest.get(new Partition(Table.OPERATION, "api", "PUT", bucket)));
    // Durations 1, 2 and 3 µs: octaves 1 and 2, the earliest start of each.
    assertEquals(Map.of(new Entry(null, id, 0, 1), T + 50, new Entry(null, id, 0, 2), T + 10),
        rows.earliest.get(new Partition(Table.DURATION, "api", "", bucket)),
        "one row per trace per duration octave in the any-operation duration partition");
  }

  @Test
  void durationOctavesAreTheFloorPowerOfTwo() {
    assertEquals(0, IndexRows.octave(0));
    assertEquals(1, IndexRows.octave(1));
    assertEquals(2, IndexRows.octave(3));
    assertEquals(1024, IndexRows.octave(1024));
    assertEquals(1024, IndexRows.octave(2047));
    assertEquals(1L << 62, IndexRows.octave(Long.MAX_VALUE));
  }

  @Test
  void spansInDifferentHoursGoToDifferentBuckets() {
    IndexRows rows = IndexRows.of(List.of(span(1, "api", "GET", T - 1), span(2, "api", "GET", T),
        span(3, "api", "GET", T + 5 * HOUR)), buckets, TagIndexPolicy.all());
    for (long b : new long[] {T / 1_000_000 - 3600, T / 1_000_000, T / 1_000_000 + 5 * 3600}) {
      assertTrue(rows.earliest.containsKey(new Partition(Table.SERVICE, "api", null, b)), "bucket " + b);
    }
    assertEquals(3, rows.earliest.keySet().stream().filter(p -> p.table() == Table.SERVICE).count());
  }

  @Test
  void tagsAsSearchSeesThemSubjectToThePolicy() {
    Span s = span(1, "api", "GET", T).toBuilder()
        .tags(List.of(Tag.int64("http.status_code", 500), Tag.string("db.statement", "SELECT 1"),
            Tag.string("big", "x".repeat(300))))
        .status(StatusCode.ERROR, "boom")
        .process(new Process("api", List.of(Tag.string("host.name", "h1"))))
        .logs(List.of(new Log(T, List.of(Tag.string("event", "retry")))))
        .build();
    TagIndexPolicy policy = new TagIndexPolicy(List.of(), List.of("db.*"), 256);
    IndexRows rows = IndexRows.of(List.of(s), buckets, policy);
    List<String> tags = rows.earliest.entrySet().stream().filter(e -> e.getKey().table() == Table.TAG)
        .flatMap(e -> e.getValue().keySet().stream().map(v -> e.getKey().a() + "=" + v.value())).sorted().toList();
    assertEquals(List.of("error=true", "event=retry", "host.name=h1", "http.status_code=500", "otel.status_code=ERROR",
        "otel.status_description=boom"), tags);
  }

  @Test
  void jaegersSwitchesLeaveOutSpanTagsProcessTagsOrLogFields() {
    Span s = span(1, "api", "GET", T).toBuilder()
        .tags(List.of(Tag.string("http.method", "GET")))
        .process(new Process("api", List.of(Tag.string("host.name", "h1"))))
        .logs(List.of(new Log(T, List.of(Tag.string("event", "retry")))))
        .build();
    assertEquals(List.of("event=retry", "host.name=h1"), tagRows(s, new TagIndexPolicy(List.of(), List.of(), 256,
        false, true, true)));
    assertEquals(List.of("event=retry", "http.method=GET"), tagRows(s,
        new TagIndexPolicy(List.of(), List.of(), 256, true, false, true)).stream()
        .filter(t -> !t.startsWith("otel.")).toList());
    assertEquals(List.of("host.name=h1", "http.method=GET"), tagRows(s,
        new TagIndexPolicy(List.of(), List.of(), 256, true, true, false)).stream()
        .filter(t -> !t.startsWith("otel.")).toList());
    // A search cannot use the tag index when a kind of tag is left out: it filters instead.
    io.weft.storage.TraceQuery q = io.weft.storage.TraceQuery.between(0, 0, 20).withService("api")
        .withTags(Map.of("http.method", "GET"));
    assertTrue(IndexScan.plan(q, TagIndexPolicy.all()).stream().anyMatch(sc -> sc.table() == Table.TAG));
    assertTrue(IndexScan.plan(q, new TagIndexPolicy(List.of(), List.of(), 256, true, true, false)).stream()
        .noneMatch(sc -> sc.table() == Table.TAG));
  }

  private List<String> tagRows(Span s, TagIndexPolicy policy) {
    return IndexRows.of(List.of(s), buckets, policy).earliest.entrySet().stream()
        .filter(e -> e.getKey().table() == Table.TAG)
        .flatMap(e -> e.getValue().keySet().stream().map(v -> e.getKey().a() + "=" + v.value())).sorted().toList();
  }

  @Test
  void policyAllowDenyAndLength() {
    TagIndexPolicy p = new TagIndexPolicy(List.of("http.*", "error"), List.of("http.url"), 10);
    assertTrue(p.indexes("http.method", "GET"));
    assertTrue(p.indexes("error", "true"));
    assertFalse(p.indexes("http.url", "/a"));
    assertFalse(p.indexes("host.name", "h"));
    assertFalse(p.indexes("http.method", "01234567890"));
    TagIndexPolicy.KeyMemo memo = p.memo();
    for (int round = 0; round < 2; round++) { // asked, then remembered
      for (String key : new String[] {"http.method", "error", "http.url", "host.name", "", "http."}) {
        assertEquals(p.indexesKey(key), memo.indexesKey(key), key);
      }
      assertFalse(memo.indexesKey(null));
    }
    assertTrue(p.indexesValue("0123456789"));
    assertFalse(p.indexesValue("01234567890"));
    assertFalse(p.indexesValue(null));
  }

  private Span span(long spanId, String service, String op, long start) {
    return TestSpans.of(id, spanId, 0, service, op).startTimeMicros(start).durationMicros(spanId).build();
  }
}
