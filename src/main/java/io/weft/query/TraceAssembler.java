package io.weft.query;

import io.weft.query.adjust.Adjuster;
import io.weft.query.adjust.ClockSkewAdjuster;
import io.weft.query.adjust.ParentLinker;
import io.weft.query.adjust.SpanIdDeduper;
import io.weft.model.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns the spans storage returns for one trace into what the UI shows, in the order Jaeger's
 * query service adjusts: exact copies dropped (a span stored twice), shared Zipkin span ids made
 * unique, references fixed and spans sorted, clock skew corrected, and sorted again by the
 * corrected start times.
 */
public final class TraceAssembler {
  /** Adjusting is on by default here (Jaeger defaults to off); one hour covers real clock drift. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW_ADJUSTMENT = Duration.ofHours(1);

  private final List<Adjuster> adjusters;

  public TraceAssembler() {
    this(DEFAULT_MAX_CLOCK_SKEW_ADJUSTMENT);
  }

  /** {@code maxClockSkewAdjustment} zero turns clock skew correction off (spans then only get warnings). */
  public TraceAssembler(Duration maxClockSkewAdjustment) {
    this.adjusters = List.of(
        TraceAssembler::distinct,
        new SpanIdDeduper(),
        new ParentLinker(),
        new ClockSkewAdjuster(maxClockSkewAdjustment),
        TraceAssembler::sortByStart);
  }

  /** The adjusted trace; empty in, empty out. */
  public List<Span> assemble(List<Span> spans) {
    List<Span> trace = spans;
    for (Adjuster a : adjusters) {
      trace = a.adjust(trace);
    }
    return trace;
  }

  /** Without adjustments (Jaeger's {@code raw=true}): only sorted by start time. */
  public static List<Span> raw(List<Span> spans) {
    return sortByStart(spans);
  }

  private static List<Span> distinct(List<Span> spans) {
    LinkedHashSet<Span> set = new LinkedHashSet<>(spans);
    return set.size() == spans.size() ? spans : new ArrayList<>(set);
  }

  private static List<Span> sortByStart(List<Span> spans) {
    List<Span> out = new ArrayList<>(spans);
    out.sort(ParentLinker.BY_START);
    return out;
  }
}
