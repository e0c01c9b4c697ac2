package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.codec.CodecException;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.IndexRows.Table;
import io.weft.testing.TestSpans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Packs of trace summaries: what a search finds in them, and that a replayed write is the same row. */
class TracePackTest {
  private static final Buckets HOURS = new Buckets(3600);
  private static final long T0 = HOURS.startMicros(HOURS.of(1_700_000_000_000_000L));
  private static final TraceId A = new TraceId(0, 1);
  private static final TraceId B = new TraceId(0, 2);
  private static final TraceId C = new TraceId(5, 3);

  private final List<Span> spans = List.of(
      span(A, 1, "api", "GET /a", T0 + 100, 50, "http.status_code", "200"),
      span(A, 2, "db", "SELECT", T0 + 120, 10, "db.system", "pg"),
      span(B, 1, "api", "GET /b", T0 + 300, 5_000, "http.status_code", "500"),
      span(C, 1, "api", "GET /a", T0 + 200, 700, "http.status_code", "200"));

  @Test
  void aWriteMakesAPackPerServiceAndBucket() {
    List<Span> later = new ArrayList<>(spans);
    later.add(span(A, 3, "api", "GET /a", T0 + 3_600_000_000L + 5, 1, "http.status_code", "200"));
    List<TracePack> packs = packs(later);
    long bucket = HOURS.of(T0);
    assertEquals(List.of("api@" + bucket, "db@" + bucket, "api@" + (bucket + 3600)),
        packs.stream().map(p -> p.service() + "@" + p.bucket()).toList());
    TracePack api = packs.get(0);
    assertEquals(3, api.summaries());
    assertEquals(T0 + 100, api.minStart());
    assertEquals(T0 + 300, api.maxStart());
  }

  @Test
  void aSearchFindsTheTracesWhoseSummaryHasEveryConditionInTheWindow() {
    TracePack api = packs(spans).get(0);
    assertEquals(Map.of(A, T0 + 100, B, T0 + 300, C, T0 + 200), find(api, scan(null, List.of(), 0, 0), T0, T0 + 1000));
    assertEquals(Map.of(A, T0 + 100, C, T0 + 200), find(api, scan("GET /a", List.of(), 0, 0), T0, T0 + 1000));
    assertEquals(Map.of(B, T0 + 300), find(api, scan(null, List.of("http.status_code=500"), 0, 0), T0, T0 + 1000));
    assertEquals(Map.of(C, T0 + 200), find(api, scan("GET /a", List.of("http.status_code=200"), 100, 1000), T0,
        T0 + 1000), "duration ranges overlapping the asked one");
    assertEquals(Map.of(A, T0 + 100), find(api, scan(null, List.of(), 0, 0), T0, T0 + 150), "the window");
    assertEquals(Map.of(), find(api, scan("GET /a", List.of("http.status_code=500"), 0, 0), T0, T0 + 1000),
        "both conditions on one trace");
    assertEquals(Map.of(), find(api, scan(null, List.of("nothing=here"), 0, 0), T0, T0 + 1000));
    assertEquals(Map.of(), find(api, scan("SELECT", List.of(), 0, 0), T0, T0 + 1000), "another service's operation");
  }

  @Test
  void theSameSummariesInAnyOrderAreTheSameRowAndOtherSummariesAnother() {
    TracePack first = packs(spans).get(0);
    List<Span> shuffled = new ArrayList<>(spans);
    Collections.reverse(shuffled);
    TracePack again = packs(shuffled).get(0);
    assertEquals(first.id(), again.id());
    assertArrayEquals(first.blob(), again.blob());
    assertNotEquals(first.id(), packs(spans.subList(0, 3)).get(0).id());
  }

  @Test
  void aHugeWriteTakesSeveralPacks() {
    List<Span> many = new ArrayList<>();
    for (int i = 0; i < TracePack.MAX_SUMMARIES + 10; i++) {
      many.add(span(new TraceId(1, i + 1), 1, "api", "GET", T0 + i, 1, "k", "v" + (i % 7)));
    }
    List<TracePack> packs = packs(many);
    assertEquals(List.of(TracePack.MAX_SUMMARIES, 10), packs.stream().map(TracePack::summaries).toList());
    Map<TraceId, Long> found = new LinkedHashMap<>();
    for (TracePack p : packs) {
      TracePack.matches(p.blob(), scan("GET", List.of("k=v3"), 0, 0), T0, T0 + 1_000_000, found);
    }
    assertEquals((TracePack.MAX_SUMMARIES + 10 + 3) / 7, found.size());
    assertTrue(packs.get(0).blob().length < TracePack.MAX_SUMMARIES * 20, "repeated strings are written once, "
        + "and LZ4 takes the rest: " + packs.get(0).blob().length + " bytes");
  }

  @Test
  void aDamagedPackIsACodecError() {
    byte[] blob = packs(spans).get(0).blob();
    byte[] cut = Arrays.copyOf(blob, blob.length - 3);
    assertThrows(CodecException.class, () -> find(cut, scan(null, List.of(), 0, 0)));
    byte[] raw = TraceChunk.pack(new byte[] {9, 0, 0});
    assertThrows(CodecException.class, () -> find(raw, scan(null, List.of(), 0, 0)), "an unknown version");
  }

  private static List<TracePack> packs(List<Span> spans) {
    return TracePack.of(SummaryRows.of(spans, HOURS, TagIndexPolicy.all()));
  }

  private static IndexScan scan(String operation, List<String> tags, long minDuration, long maxDuration) {
    return new IndexScan(Table.PACKED, "api", operation, null, minDuration, maxDuration, tags);
  }

  private static Map<TraceId, Long> find(TracePack p, IndexScan scan, long min, long max) {
    Map<TraceId, Long> out = new LinkedHashMap<>();
    TracePack.matches(p.blob(), scan, min, max, out);
    return out;
  }

  private static Map<TraceId, Long> find(byte[] blob, IndexScan scan) {
    Map<TraceId, Long> out = new LinkedHashMap<>();
    TracePack.matches(blob, scan, Long.MIN_VALUE, Long.MAX_VALUE, out);
    return out;
  }

  private static Span span(TraceId trace, long id, String service, String op, long start, long duration, String key,
      String value) {
    return TestSpans.of(trace, id, 0, service, op).startTimeMicros(start).durationMicros(duration)
        .tags(List.of(Tag.string(key, value))).build();
  }
}
