package io.weft.collector;

import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.List;

/**
 * Checks one span against the collector's limits. A span that fails is rejected alone, with a
 * reason; the spans beside it in the batch are kept.
 */
public final class SpanValidator {
  /** 2000-01-01: earlier start times come from unset clocks or unit mix-ups. */
  private static final long MIN_START_MICROS = 946_684_800_000_000L;

  private final int maxTags;
  private final long maxSpanBytes;
  private final long maxFutureMicros;
  private final long maxDurationMicros;

  public SpanValidator(int maxTags, long maxSpanBytes, long maxFutureMicros, long maxDurationMicros) {
    this.maxTags = maxTags;
    this.maxSpanBytes = maxSpanBytes;
    this.maxFutureMicros = maxFutureMicros;
    this.maxDurationMicros = maxDurationMicros;
  }

  /** Null when the span is fine, else a rejection with a reason code and a message. */
  public Rejection validate(Span s, long nowMicros) {
    if (s.traceId() == null || s.traceId().isZero()) {
      return new Rejection("missing-trace-id", "span " + hex(s) + " has no trace id");
    }
    if (s.spanId() == 0) {
      return new Rejection("missing-span-id", "a span of trace " + s.traceId() + " has no span id");
    }
    if (s.serviceName() == null || s.serviceName().isBlank()) {
      return new Rejection("missing-service", "span " + hex(s) + " has no service name");
    }
    if (s.startTimeMicros() < MIN_START_MICROS || s.startTimeMicros() > nowMicros + maxFutureMicros) {
      return new Rejection("bad-timestamp", "span " + hex(s) + " starts at " + s.startTimeMicros()
          + "µs, outside [2000-01-01, now + " + maxFutureMicros / 1_000_000 + "s]");
    }
    if (s.durationMicros() < 0 || s.durationMicros() > maxDurationMicros) {
      return new Rejection("bad-duration", "span " + hex(s) + " lasts " + s.durationMicros()
          + "µs, outside [0, " + maxDurationMicros + "µs]");
    }
    int tags = s.tags().size();
    List<Log> logs = s.logs();
    for (int i = 0; i < logs.size(); i++) {
      tags += logs.get(i).fields().size();
    }
    if (tags > maxTags) {
      return new Rejection("too-many-tags", "span " + hex(s) + " has " + tags + " tags and log fields, more than "
          + maxTags);
    }
    long size = approximateSize(s);
    if (size > maxSpanBytes) {
      return new Rejection("span-too-large", "span " + hex(s) + " is about " + size + " bytes, more than "
          + maxSpanBytes);
    }
    return null;
  }

  /**
   * Counts the text and binary a span carries; close enough to its encoded size to bound it. Runs on
   * every span: indexed loops and a test of the value's class, no iterators or switch on the type.
   */
  static long approximateSize(Span s) {
    long n = 64 + s.operationName().length() + tagsSize(s.tags());
    List<Log> logs = s.logs();
    for (int i = 0; i < logs.size(); i++) {
      n += 8 + tagsSize(logs.get(i).fields());
    }
    return n;
  }

  private static long tagsSize(List<Tag> tags) {
    long n = 0;
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      Object v = t.value();
      n += 2 + t.key().length();
      if (v instanceof String text) {
        n += text.length();
      } else if (v instanceof byte[] bytes) {
        n += bytes.length;
      } else if (v instanceof List) { // ARRAY, MAP
        n += tagsSize(t.values());
      } else {
        n += 8;
      }
    }
    return n;
  }

  private static String hex(Span s) {
    return io.weft.model.Ids.spanIdHex(s.spanId());
  }

  /** Why a span was refused: {@code reason} is the metric label, {@code message} goes to the sender. */
  public record Rejection(String reason, String message) {}
}
