package io.weft.query;

import io.weft.model.Ids;
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
 * What a search result row shows of a trace, as Jaeger's {@code FindTraceSummaries} computes it
 * (api_v3 {@code TraceSummary}): the root is the earliest span without a parent, an orphan is a span
 * whose parent is not in the trace, an error span is one with an OTel ERROR status or an
 * {@code error=true} tag (Jaeger's storage translation makes the latter an ERROR status too),
 * and services are listed by name.
 *
 * @param traceId 32 hex digits, always (a 64-bit id is left-padded with zeros)
 */
public record TraceSummary(
    String traceId,
    String rootServiceName,
    String rootOperationName,
    long minStartTimeUnixNano,
    long maxEndTimeUnixNano,
    int spanCount,
    int errorSpanCount,
    int orphanSpanCount,
    List<ServiceSummary> services) {

  public record ServiceSummary(String name, int spanCount, int errorSpanCount) {}

  /** The summary of one non-empty trace (adjusted, so that times and parents are the ones the UI shows). */
  public static TraceSummary of(List<Span> trace) {
    Set<Long> spanIds = new HashSet<>(trace.size() * 2);
    for (Span s : trace) {
      spanIds.add(s.spanId());
    }
    Map<String, int[]> perService = new TreeMap<>();
    String rootService = "";
    String rootOperation = "";
    long rootStart = Long.MAX_VALUE;
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    int errors = 0;
    int orphans = 0;
    for (Span s : trace) {
      String service = s.serviceName() == null ? "" : s.serviceName();
      int[] counts = perService.computeIfAbsent(service, k -> new int[2]);
      counts[0]++;
      if (JaegerTags.isError(s)) {
        counts[1]++;
        errors++;
      }
      minStart = Math.min(minStart, s.startTimeMicros());
      maxEnd = Math.max(maxEnd, s.endTimeMicros());
      long parent = s.parentSpanId();
      if (parent == 0) {
        if (s.startTimeMicros() < rootStart) {
          rootStart = s.startTimeMicros();
          rootService = service;
          rootOperation = s.operationName() == null ? "" : s.operationName();
        }
      } else if (!spanIds.contains(parent)) {
        orphans++;
      }
    }
    List<ServiceSummary> services = new ArrayList<>(perService.size());
    perService.forEach((name, c) -> services.add(new ServiceSummary(name, c[0], c[1])));
    TraceId id = trace.get(0).traceId();
    return new TraceSummary(Ids.hex16(id.high()) + Ids.hex16(id.low()), rootService, rootOperation,
        minStart * 1000, maxEnd * 1000, trace.size(), errors, orphans, List.copyOf(services));
  }
}
