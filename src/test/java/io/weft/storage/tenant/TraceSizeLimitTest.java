package io.weft.storage.tenant;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.RetriedWrite;
import io.weft.storage.SpanWriter;
import io.weft.testing.TestSpans;
import io.weft.wire.EncodedTrace;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoded traces within the limit pass on with their messages; one cut short goes on as its kept spans. */
class TraceSizeLimitTest {
  /** What reaches the store below (a unit test of the layer's logic alone). */
  static final class Seen implements SpanWriter {
    final List<Span> spans = new ArrayList<>();
    final List<EncodedTrace> encoded = new ArrayList<>();

    @Override
    public Future<Void> write(List<Span> batch) {
      spans.addAll(batch);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> writeEncoded(List<EncodedTrace> traces) {
      encoded.addAll(traces);
      return Future.succeededFuture();
    }
  }

  @Test
  void wholeTracesKeepTheirMessagesACutOneGoesAsSpans() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Seen below = new Seen();
    TraceSizeLimit limit = new TraceSizeLimit(below, 3, "t", registry);
    TraceId small = newTraceId();
    TraceId big = newTraceId();
    EncodedTrace a = encoded(span(small, 1), span(small, 2));
    EncodedTrace b = encoded(span(big, 1), span(big, 2), span(big, 3), span(big, 4));

    await(limit.writeEncoded(List.of(a, b)));

    assertEquals(1, below.encoded.size());
    assertSame(a, below.encoded.get(0));
    assertEquals(List.of(span(big, 1), span(big, 2), span(big, 3)), below.spans);
    assertEquals(1.0, registry.get("weft_tenant_spans_dropped").counter().count());
  }

  /**
   * The ingester sends a failed write again whole: the retry keeps what the first attempt kept (it used
   * to count the spans again and drop the whole trace) and counts no drop twice.
   */
  @Test
  void aRetriedWriteKeepsWhatItsFirstAttemptKept() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Seen below = new Seen();
    TraceSizeLimit limit = new TraceSizeLimit(below, 3, "t", registry);
    TraceId big = newTraceId();
    TraceId small = newTraceId();
    List<Span> batch = List.of(span(big, 1), span(small, 1), span(big, 2), span(big, 3), span(big, 4));
    RetriedWrite write = new RetriedWrite();
    List<Span> firstThree = List.of(span(big, 1), span(small, 1), span(big, 2), span(big, 3));

    for (int attempt = 1; attempt <= 3; attempt++) {
      below.spans.clear();
      await(write.attempt(() -> limit.write(batch)));
      assertEquals(firstThree, below.spans, "attempt " + attempt);
    }
    assertEquals(1.0, registry.get("weft_tenant_spans_dropped").counter().count());

    // A new write of the same trace is still past its limit; the small trace has room.
    below.spans.clear();
    await(limit.write(List.of(span(big, 5), span(small, 2))));
    assertEquals(List.of(span(small, 2)), below.spans);
    assertEquals(2.0, registry.get("weft_tenant_spans_dropped").counter().count());
  }

  private static EncodedTrace encoded(Span... spans) {
    return EncodedTrace.of(SpanBinaryCodec.encode(List.of(spans)), List.of(spans));
  }

  private static Span span(TraceId t, long id) {
    return TestSpans.of(t, id, 0, "svc", "op").build();
  }
}
