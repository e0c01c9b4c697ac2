package io.weft.sampling.tail;

import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.List;

/** A buffered trace as policies see it: its spans and what several policies need from them. */
public final class TraceView {
  private final String tenant;
  private final TraceId id;
  private final List<Span> spans;
  private long minStart = Long.MAX_VALUE;
  private long maxEnd = Long.MIN_VALUE;
  private String rootService;

  public TraceView(TraceId id, List<Span> spans) {
    this(io.weft.tenant.TenancySettings.IMPLICIT, id, spans);
  }

  public TraceView(String tenant, TraceId id, List<Span> spans) {
    this.tenant = tenant;
    this.id = id;
    this.spans = spans;
    for (Span s : spans) {
      minStart = Math.min(minStart, s.startTimeMicros());
      maxEnd = Math.max(maxEnd, s.startTimeMicros() + s.durationMicros());
      if (rootService == null && s.parentSpanId() == 0) {
        rootService = s.serviceName();
      }
    }
    if (rootService == null && !spans.isEmpty()) {
      rootService = spans.get(0).serviceName();
    }
  }

  /** Whose trace it is (policies that count per second count per tenant). */
  public String tenant() {
    return tenant;
  }

  public TraceId id() {
    return id;
  }

  public List<Span> spans() {
    return spans;
  }

  /** From the earliest start to the latest end, in microseconds. */
  public long durationMicros() {
    return spans.isEmpty() ? 0 : maxEnd - minStart;
  }

  /** The root span's service, else the first span's; "" when none is known. */
  public String rootService() {
    return rootService == null ? "" : rootService;
  }
}
