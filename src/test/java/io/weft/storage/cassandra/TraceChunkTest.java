package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.codec.CodecException;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.RandomSpans;
import io.weft.testing.TestSpans;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceChunkTest {
  private static final TraceId ID = new TraceId(7, 9);

  @Test
  void aChunkHoldsTheSpansAndTheSameSpansInAnyOrderAreTheSameChunk() {
    List<Span> spans = trace(40);
    List<TraceChunk> chunks = TraceChunk.of(spans);
    assertEquals(1, chunks.size());
    TraceChunk c = chunks.get(0);
    assertEquals(40, c.spanCount());
    assertEquals(1_700_000_000_000_000L, c.startMicros(), "the earliest start");
    assertEquals(sorted(spans), sorted(TraceChunk.spans(c.blob())));
    List<Span> shuffled = new ArrayList<>(spans);
    Collections.shuffle(shuffled, new java.util.Random(1));
    TraceChunk again = TraceChunk.of(shuffled).get(0);
    assertEquals(c.id(), again.id(), "a replayed write is the same row");
    assertTrue(Arrays.equals(c.blob(), again.blob()));
    assertNotEquals(c.id(), TraceChunk.of(spans.subList(0, 39)).get(0).id());
  }

  @Test
  void repetitiveSpansAreCompressedAndIncompressibleOnesKeptRaw() {
    List<Span> spans = trace(40);
    TraceChunk c = TraceChunk.of(spans).get(0);
    int raw = SpanBinaryCodec.encode(spans).length;
    assertEquals(1, c.blob()[0], "LZ4");
    assertTrue(c.blob().length < raw * 3 / 4, c.blob().length + " bytes of " + raw);
    byte[] noise = new byte[256];
    new java.util.Random(3).nextBytes(noise);
    Span random = TestSpans.of(ID, 1, 0, "a", "b").tags(List.of(Tag.binary("noise", noise))).build();
    TraceChunk kept = TraceChunk.of(List.of(random)).get(0);
    assertEquals(0, kept.blob()[0], "not worth compressing");
    assertEquals(SpanBinaryCodec.encode(List.of(random)).length + 5, kept.blob().length);
    assertEquals(sorted(List.of(random)), sorted(TraceChunk.spans(kept.blob())));
  }

  @Test
  void bigWritesOfOneTraceTakeSeveralChunks() {
    List<Span> spans = trace(TraceChunk.MAX_SPANS * 2 + 5);
    List<TraceChunk> chunks = TraceChunk.of(spans);
    assertEquals(3, chunks.size());
    List<List<Span>> parts = new ArrayList<>();
    for (TraceChunk c : chunks) {
      parts.add(TraceChunk.spans(c.blob()));
    }
    assertEquals(sorted(spans), sorted(TraceMerge.merge(parts)));
  }

  @Test
  void randomSpansRoundTrip() {
    RandomSpans random = new RandomSpans(20);
    for (int i = 0; i < 200; i++) {
      List<Span> batch = random.batch(30);
      if (batch.isEmpty()) {
        continue;
      }
      for (TraceChunk c : TraceChunk.of(batch)) {
        assertEquals(c.spanCount(), TraceChunk.spans(c.blob()).size());
      }
    }
  }

  @Test
  void malformedChunksAreCodecErrors() {
    byte[] good = TraceChunk.of(trace(20)).get(0).blob();
    assertThrows(CodecException.class, () -> TraceChunk.spans(new byte[] {1, 0}));
    assertThrows(CodecException.class, () -> TraceChunk.spans(Arrays.copyOf(good, good.length - 3)));
    byte[] unknown = good.clone();
    unknown[0] = 9;
    assertThrows(CodecException.class, () -> TraceChunk.spans(unknown));
    byte[] huge = good.clone();
    huge[1] = 0x7f;
    assertThrows(CodecException.class, () -> TraceChunk.spans(huge));
  }

  /** A span stored twice comes back once; spans sharing an id but differing (Zipkin's halves) both come back. */
  @Test
  void mergeDropsRepeatsButKeepsSharedIdHalves() {
    Span client = TestSpans.of(ID, 5, 0, "web", "GET").kind(SpanKind.CLIENT).build();
    Span server = TestSpans.of(ID, 5, 0, "api", "GET").kind(SpanKind.SERVER).build();
    Span other = TestSpans.of(ID, 6, 5, "api", "SELECT").tags(List.of(Tag.binary("b", new byte[] {1, 2}))).build();
    Span otherAgain = SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(other));
    List<Span> merged = TraceMerge.merge(List.of(List.of(client, other), List.of(client, server, otherAgain)));
    assertEquals(3, merged.size(), String.valueOf(merged));
    assertTrue(merged.contains(client) && merged.contains(server));
    assertEquals(List.of(client, server), TraceMerge.merge(List.of(List.of(client, server))));
  }

  private static List<Span> trace(int n) {
    List<Span> spans = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      spans.add(TestSpans.of(ID, i + 1, i / 2, "svc-" + (i % 3), "op-" + (i % 5))
          .startTimeMicros(1_700_000_000_000_000L + i * 10L).durationMicros(100 + i)
          .tags(List.of(Tag.string("http.method", "GET"), Tag.int64("http.status_code", 200))).build());
    }
    return spans;
  }

  private static List<String> sorted(List<Span> spans) {
    return spans.stream().map(Span::toString).sorted().toList();
  }
}
