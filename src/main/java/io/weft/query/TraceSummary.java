package io.weft.query;

import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a search result row shows of a trace, computed the way Jaeger v2's query service does for
 * {@code FindTraceSummaries}: the root is the earliest span without a parent, an orphan is a span
 * whose parent is not in the trace, and an error is a span that failed ({@link JaegerTags#isError}:
 * Jaeger turns an {@code error=true} tag into an ERROR status). Services are sorted by name.
 */
public record TraceSummary(
    TraceId traceId,
    String rootServiceName,
    String rootOperationName,
    long minStartTimeMicros,
    long maxEndTimeMicros,
    int spanCount,
    int errorSpanCount,
    int orphanSpanCount,
    List<ServiceSummary> services) {

  public record ServiceSummary(String name, int spanCount, int errorSpanCount) {}

  /** The summary of a non-empty trace. */
  public static TraceSummary of(List<Span> trace) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("an empty trace has no summary");
    }
    Set<Long> ids = new HashSet<>(trace.size() * 2);
    for (Span s : trace) {
      ids.add(s.spanId());
    }
    Map<String, int[]> perService = new TreeMap<>();
    Span root = null;
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    int errors = 0;
    int orphans = 0;
    for (Span s : trace) {
      boolean error = JaegerTags.isError(s);
      int[] counts = perService.computeIfAbsent(s.serviceName() == null ? "" : s.serviceName(), k -> new int[2]);
      counts[0]++;
      if (error) {
        counts[1]++;
        errors++;
      }
      minStart = Math.min(minStart, s.startTimeMicros());
      maxEnd = Math.max(maxEnd, s.endTimeMicros());
      long parent = s.parentSpanId();
      if (parent == 0) {
        if (root == null || s.startTimeMicros() < root.startTimeMicros()) {
          root = s;
        }
      } else if (!ids.contains(parent)) {
        orphans++;
      }
    }
    List<ServiceSummary> services = new ArrayList<>(perService.size());
    perService.forEach((name, c) -> services.add(new ServiceSummary(name, c[0], c[1])));
    return new TraceSummary(trace.get(0).traceId(),
        root == null || root.serviceName() == null ? "" : root.serviceName(),
        root == null ? "" : root.operationName(),
        minStart, maxEnd, trace.size(), errors, orphans, List.copyOf(services));
  }
}
