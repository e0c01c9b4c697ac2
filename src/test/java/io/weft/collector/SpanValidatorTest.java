package io.weft.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanValidatorTest {
  static final long NOW = 1_760_000_000_000_000L;
  final SpanValidator v = new SpanValidator(3, 200, 3_600_000_000L, 86_400_000_000L);

  static Span.Builder good() {
    return TestSpans.of(new TraceId(1, 2), 3, 0, "svc", "op").startTimeMicros(NOW - 1000).durationMicros(10);
  }

  @Test
  void aGoodSpanPasses() {
    assertNull(v.validate(good().build(), NOW));
  }

  @Test
  void eachProblemHasItsReason() {
    assertEquals("missing-trace-id", v.validate(good().traceId(new TraceId(0, 0)).build(), NOW).reason());
    assertEquals("missing-span-id", v.validate(good().spanId(0).build(), NOW).reason());
    assertEquals("missing-service", v.validate(good().process(new Process(" ", List.of())).build(), NOW).reason());
    assertEquals("bad-timestamp", v.validate(good().startTimeMicros(5).build(), NOW).reason());
    assertEquals("bad-timestamp", v.validate(good().startTimeMicros(NOW + 7_200_000_000L).build(), NOW).reason());
    assertEquals("bad-duration", v.validate(good().durationMicros(-1).build(), NOW).reason());
    assertEquals("bad-duration", v.validate(good().durationMicros(90_000_000_000L).build(), NOW).reason());
    List<Tag> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(Tag.int64("k" + i, i));
    }
    assertEquals("too-many-tags", v.validate(good().tags(four).build(), NOW).reason());
    assertEquals("span-too-large", v.validate(good().tags(List.of(Tag.string("big", "x".repeat(500)))).build(), NOW).reason());
  }

  @Test
  void theApproximateSizeCountsTextBytesAndEightPerOtherValue() {
    Span s = good().tags(List.of(Tag.string("k", "vv"), Tag.int64("n", 1), Tag.binary("b", new byte[3]),
            Tag.array("a", List.of(Tag.string("", "x"), Tag.bool("", true))), Tag.map("m", List.of(Tag.string("q", "r")))))
        .logs(List.of(new Log(NOW, List.of(Tag.string("event", "e"))))).build();
    // 64 + "op"; tags 2 + key + value: 5, 11, 6, 3 + (3 + 10), 3 + 4; the log 8 + (2 + 5 + 1).
    assertEquals(64 + 2 + 5 + 11 + 6 + 16 + 7 + 16, SpanValidator.approximateSize(s));
  }

  @Test
  void postSamplingKeepsWholeTracesAtTheRate() {
    PostSampler half = new PostSampler(0.5);
    int kept = 0;
    for (long i = 1; i <= 20_000; i++) {
      TraceId id = new TraceId(i * 31, i * 0x9E3779B97F4A7C15L);
      boolean k = half.keep(id);
      assertEquals(k, half.keep(id), "the same trace gets the same decision");
      kept += k ? 1 : 0;
    }
    assertEquals(10_000, kept, 400);
    assertEquals(true, new PostSampler(1.0).keep(new TraceId(0, 1)));
    assertEquals(false, new PostSampler(0.0).keep(new TraceId(0, 1)));
  }
}
