package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.DependencyTracker.Delta;
import io.weft.testing.TestSpans;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DependencyTrackerTest {
  private static final long T = 1_700_000_000_000_000L;
  private final DependencyTracker tracker = new DependencyTracker();
  private final TraceId id = new TraceId(1, 2);
  /** second -> "parent>child" -> calls, summed over every delta so far. */
  private final Map<Long, Map<String, Long>> totals = new TreeMap<>();

  @Test
  void parentFirstThenChildCountsOnce() {
    add(span(1, 0, "front", T));
    add(span(2, 1, "back", T + 5));
    add(span(2, 1, "back", T + 5)); // a retry
    assertEquals(Map.of(T / 1_000_000, Map.of("front>back", 1L)), totals);
  }

  @Test
  void childBeforeParentIsCountedWhenTheParentArrives() {
    add(span(2, 1, "back", T + 5));
    assertEquals(Map.of(), totals);
    add(span(1, 0, "front", T));
    assertEquals(Map.of(T / 1_000_000, Map.of("front>back", 1L)), totals);
  }

  @Test
  void anEarlierSpanMovesTheCountsToTheNewTraceStart() {
    add(span(2, 0, "front", T + 3_000_000), span(3, 2, "back", T + 3_000_001));
    add(span(1, 0, "edge", T)); // starts 3 s earlier, links to nothing
    assertEquals(Map.of(T / 1_000_000 + 3, Map.of("front>back", 0L), T / 1_000_000, Map.of("front>back", 1L)), totals);
  }

  @Test
  void zipkinSharedSpanCountsClientToServerOnce() {
    Span client = span(7, 1, "front", T).toBuilder().kind(SpanKind.CLIENT).build();
    Span server = span(7, 1, "back", T + 1).toBuilder().kind(SpanKind.SERVER).build();
    add(client);
    add(server, client);
    assertEquals(Map.of(T / 1_000_000, Map.of("front>back", 1L)), totals);
  }

  private void add(Span... spans) {
    long[] hashes = new long[spans.length];
    for (int i = 0; i < spans.length; i++) {
      hashes[i] = Blobs.hash(io.weft.wire.SpanBinaryCodec.encode(spans[i]));
    }
    for (Delta d : tracker.add(id, List.of(spans), hashes, System.currentTimeMillis())) {
      totals.computeIfAbsent(d.second(), k -> new TreeMap<>()).merge(d.parent() + ">" + d.child(), d.calls(), Long::sum);
    }
  }

  private Span span(long spanId, long parent, String service, long start) {
    return TestSpans.of(id, spanId, parent, service, "op").startTimeMicros(start).durationMicros(1).build();
  }
}
