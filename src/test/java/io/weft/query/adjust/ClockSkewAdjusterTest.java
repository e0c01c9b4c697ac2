package io.weft.query.adjust;

import static io.weft.testing.TestSpans.builder;
import static io.weft.testing.TestSpans.byId;
import static io.weft.testing.TestSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases from Jaeger's clockskew_test.go (there in ms; here ms as 1000 µs), plus our FOLLOWS_FROM rule. */
class ClockSkewAdjusterTest {
  static final long MS = 1000;
  final ClockSkewAdjuster adjuster = new ClockSkewAdjuster(Duration.ofSeconds(1));

  @Test
  void childOnAnotherHostStartingBeforeParentIsCentered() {
    // latency = (100 - 50) / 2 = 25; delta = (10 - 0) + 25 = 35
    Span child = builder(2, 1, RefType.CHILD_OF, 0, 50 * MS, "b")
        .logs(List.of(new Log(5 * MS, List.of()), new Log(10 * MS, List.of()))).build();
    List<Span> out = adjuster.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, "a"), child));
    Span c = byId(out, 2);
    assertEquals(35 * MS, c.startTimeMicros());
    assertEquals(List.of(40 * MS, 45 * MS), c.logs().stream().map(Log::timestampMicros).toList());
    assertEquals(List.of("This span's timestamps were adjusted by 35ms"), c.warnings());
    assertEquals(List.of(), byId(out, 1).warnings());
  }

  @Test
  void childOneSecondOutsideItsParentIsMovedInside() {
    long s = 1_000_000;
    List<Span> out = adjuster.adjust(List.of(span(1, 0, 10 * s, 200 * MS, "a"), span(2, 1, 11 * s, 100 * MS, "b")));
    Span c = byId(out, 2);
    assertEquals(10 * s + 50 * MS, c.startTimeMicros());
    assertEquals(List.of("This span's timestamps were adjusted by -950ms"), c.warnings());
  }

  @Test
  void childEndingAfterParentMovesWithItsSameHostSubtree() {
    // latency (100 - 70) / 2 = 15: child to 25, delta -25, inherited by its child on host b
    Span grandchild = builder(3, 2, RefType.CHILD_OF, 60 * MS, 20 * MS, "b")
        .logs(List.of(new Log(65 * MS, List.of()), new Log(70 * MS, List.of()))).build();
    List<Span> out = adjuster.adjust(List.of(
        span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 50 * MS, 70 * MS, "b"), grandchild));
    assertEquals(25 * MS, byId(out, 2).startTimeMicros());
    assertEquals(35 * MS, byId(out, 3).startTimeMicros());
    assertEquals(List.of(40 * MS, 45 * MS), byId(out, 3).logs().stream().map(Log::timestampMicros).toList());
    assertEquals(List.of("This span's timestamps were adjusted by -25ms"), byId(out, 3).warnings());
  }

  @Test
  void longerChildIsOnlyAlignedToParentStart() {
    List<Span> out = adjuster.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 0, 150 * MS, "b")));
    assertEquals(10 * MS, byId(out, 2).startTimeMicros());
    List<Span> notBefore = adjuster.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 20 * MS, 150 * MS, "b")));
    assertEquals(20 * MS, byId(notBefore, 2).startTimeMicros());
  }

  @Test
  void sameHostOrFittingChildIsLeftAlone() {
    List<Span> in = List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 0, 50 * MS, "a"));
    List<Span> out = adjuster.adjust(in);
    assertEquals(in, out);
    List<Span> fits = List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 20 * MS, 50 * MS, "b"));
    assertEquals(fits, adjuster.adjust(fits));
  }

  @Test
  void followsFromChildOnAnotherHostIsNotMoved() {
    Span consumer = builder(2, 1, RefType.FOLLOWS_FROM, 500 * MS, 50 * MS, "b").build();
    List<Span> out = adjuster.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, "a"), consumer));
    assertSame(consumer, byId(out, 2));
  }

  @Test
  void followsFromChildOnTheShiftedHostShiftsWithIt() {
    // Span 2 (host b) is shifted by +35ms; span 3 on host b follows from it and shares b's clock.
    List<Span> out = adjuster.adjust(List.of(
        span(1, 0, 10 * MS, 100 * MS, "a"),
        span(2, 1, 0, 50 * MS, "b"),
        builder(3, 2, RefType.FOLLOWS_FROM, 200 * MS, 50 * MS, "b").build()));
    assertEquals(235 * MS, byId(out, 3).startTimeMicros());
  }

  @Test
  void shiftsBeyondTheMaximumAreOnlyReported() {
    ClockSkewAdjuster small = new ClockSkewAdjuster(Duration.ofMillis(10));
    List<Span> out = small.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 0, 50 * MS, "b")));
    assertEquals(0, byId(out, 2).startTimeMicros());
    assertEquals(List.of("max clock skew adjustment delta of 10ms exceeded; not applying calculated delta of 35ms"),
        byId(out, 2).warnings());

    out = small.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 80 * MS, 50 * MS, "b")));
    assertEquals(List.of("max clock skew adjustment delta of 10ms exceeded; not applying calculated delta of -45ms"),
        byId(out, 2).warnings());

    out = new ClockSkewAdjuster(Duration.ZERO).adjust(
        List.of(span(1, 0, 10 * MS, 100 * MS, "a"), span(2, 1, 0, 50 * MS, "b")));
    assertEquals(List.of("clock skew adjustment disabled; not applying calculated delta of 35ms"),
        byId(out, 2).warnings());
  }

  @Test
  void missingParentOrDuplicateIdIsKeptWithAWarning() {
    List<Span> out = adjuster.adjust(List.of(span(1, 99, 0, 100 * MS, "a")));
    assertEquals(List.of("invalid parent span IDs=0000000000000063; skipping clock skew adjustment"),
        out.get(0).warnings());

    out = adjuster.adjust(List.of(span(1, 0, 0, 100 * MS, "a"), span(1, 0, 0, 100 * MS, "a")));
    assertEquals(List.of(), out.get(0).warnings());
    assertEquals(List.of("duplicate span IDs; skipping clock skew adjustment"), out.get(1).warnings());
  }

  @Test
  void unknownHostsAreAlwaysComparedWithTheParent() {
    List<Span> out = adjuster.adjust(List.of(span(1, 0, 10 * MS, 100 * MS, null), span(2, 1, 0, 50 * MS, null)));
    assertEquals(35 * MS, byId(out, 2).startTimeMicros());
  }

  @Test
  void hostKeyFromIpOrHostTags() {
    assertEquals("1.2.3.4", ClockSkewAdjuster.hostKey(new Process("s", List.of(Tag.string("ip", "1.2.3.4")))));
    assertEquals("1.2.3.4", ClockSkewAdjuster.hostKey(
        new Process("s", List.of(Tag.int64("ip", 1 << 24 | 2 << 16 | 3 << 8 | 4)))));
    assertEquals("1.2.3.4", ClockSkewAdjuster.hostKey(
        new Process("s", List.of(Tag.binary("ip", new byte[] {1, 2, 3, 4})))));
    assertEquals("", ClockSkewAdjuster.hostKey(new Process("s", List.of(Tag.binary("ip", new byte[] {1, 2, 3, 4, 5})))));
    assertEquals("", ClockSkewAdjuster.hostKey(new Process("s", List.of(Tag.float64("ip", 1.5)))));
    assertEquals("node-7", ClockSkewAdjuster.hostKey(new Process("s", List.of(Tag.string("host.name", "node-7")))));
    assertEquals("box", ClockSkewAdjuster.hostKey(new Process("s", List.of(Tag.string("hostname", "box")))));
    assertEquals("", ClockSkewAdjuster.hostKey(null));
  }
}
