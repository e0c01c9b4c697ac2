package io.weft.query;

import io.vertx.core.Future;
import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.DependencyLink;
import io.weft.storage.Operation;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Stand-in for MemorySpanStore until it lands on this branch: the least a SpanReader must do. */
final class InTestStore implements SpanReader {
  private final Map<TraceId, List<Span>> traces = new LinkedHashMap<>();

  Future<Void> write(List<Span> spans) {
    for (Span s : spans) {
      traces.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return Future.succeededFuture(List.copyOf(traces.getOrDefault(traceId, List.of())));
  }

  @Override
  public Future<List<String>> getServices() {
    TreeSet<String> names = new TreeSet<>();
    all().forEach(s -> names.add(s.serviceName()));
    return Future.succeededFuture(List.copyOf(names));
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    TreeSet<Operation> ops = new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
    all().filter(s -> s.serviceName().equals(service))
        .filter(s -> spanKind == null || spanKind.isEmpty() || s.kind().tagValue().equals(spanKind))
        .forEach(s -> ops.add(new Operation(s.operationName(), s.kind().tagValue())));
    return Future.succeededFuture(List.copyOf(ops));
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery q) {
    List<List<Span>> out = new ArrayList<>();
    for (List<Span> t : traces.values()) {
      if (t.stream().anyMatch(s -> matches(s, q))) {
        out.add(List.copyOf(t));
      }
    }
    out.sort(Comparator.comparingLong((List<Span> t) -> t.get(0).startTimeMicros()).reversed());
    return Future.succeededFuture(out.subList(0, Math.min(q.limit(), out.size())));
  }

  private static boolean matches(Span s, TraceQuery q) {
    if (!s.serviceName().equals(q.service()) || (q.operation() != null && !q.operation().equals(s.operationName()))) {
      return false;
    }
    if (s.startTimeMicros() < q.startTimeMinMicros() || s.startTimeMicros() > q.startTimeMaxMicros()) {
      return false;
    }
    if ((q.durationMinMicros() > 0 && s.durationMicros() < q.durationMinMicros())
        || (q.durationMaxMicros() > 0 && s.durationMicros() > q.durationMaxMicros())) {
      return false;
    }
    List<Tag> tags = new ArrayList<>(JaegerTags.effective(s));
    tags.addAll(s.process().tags());
    return q.tags().entrySet().stream().allMatch(e -> tags.stream()
        .anyMatch(t -> t.key().equals(e.getKey()) && t.valueAsString().equals(e.getValue())));
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    Map<List<String>, Long> counts = new LinkedHashMap<>();
    for (List<Span> t : traces.values()) {
      for (Span child : t) {
        if (child.startTimeMicros() < endMicros - lookbackMicros || child.startTimeMicros() > endMicros) {
          continue;
        }
        t.stream().filter(p -> p.spanId() == child.parentSpanId() && !p.serviceName().equals(child.serviceName()))
            .findFirst()
            .ifPresent(p -> counts.merge(List.of(p.serviceName(), child.serviceName()), 1L, Long::sum));
      }
    }
    List<DependencyLink> out = new ArrayList<>();
    counts.forEach((k, n) -> out.add(new DependencyLink(k.get(0), k.get(1), n)));
    return Future.succeededFuture(out);
  }

  private Stream<Span> all() {
    return traces.values().stream().flatMap(List::stream);
  }
}
