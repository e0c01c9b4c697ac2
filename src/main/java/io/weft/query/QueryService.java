package io.weft.query;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.PartialResult;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading traces for people: storage plus assembly and adjustment. The HTTP API calls this;
 * so will any other front (event bus), so that all of them show the same traces. A partial answer
 * from storage ({@link PartialResult}) stays partial, so each front can show its notice.
 */
public final class QueryService {
  private final SpanReader reader;
  private final TraceAssembler assembler;

  public QueryService(SpanReader reader, TraceAssembler assembler) {
    this.reader = reader;
    this.assembler = assembler;
  }

  public Future<List<String>> services() {
    return reader.getServices();
  }

  /** {@code spanKind} null or empty means any kind. */
  public Future<List<Operation>> operations(String service, String spanKind) {
    return reader.getOperations(service, spanKind);
  }

  /** The adjusted trace, or with {@code adjust} false only sorted; an empty list when absent. */
  public Future<List<Span>> trace(TraceId id, boolean adjust) {
    return reader.getTrace(id).map(spans -> PartialResult.of(assemble(spans, adjust), PartialResult.notice(spans)));
  }

  /** Adjusted traces by id, in the order asked; a missing trace is an empty list at its position. */
  public Future<List<List<Span>>> traces(List<TraceId> ids) {
    List<Future<List<Span>>> all = new ArrayList<>(ids.size());
    for (TraceId id : ids) {
      all.add(trace(id, true));
    }
    return Future.all(all).map(cf -> {
      List<List<Span>> out = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        out.add(cf.resultAt(i));
      }
      return out;
    });
  }

  /** Matching traces, adjusted, most recent first. */
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return reader.findTraces(query).map(traces -> {
      List<List<Span>> out = new ArrayList<>(traces.size());
      for (List<Span> t : traces) {
        out.add(assembler.assemble(t));
      }
      return PartialResult.of(out, PartialResult.notice(traces));
    });
  }

  /**
   * Calls between services in [end - lookback, end], one link per parent/child pair (storage may
   * return a pair more than once, e.g. one per time bucket), optionally only those touching {@code service}.
   */
  public Future<List<DependencyLink>> dependencies(long endMicros, long lookbackMicros, String service) {
    return reader.getDependencies(endMicros, lookbackMicros).map(links -> {
      Map<List<String>, Long> counts = new LinkedHashMap<>();
      for (DependencyLink l : links) {
        if (service == null || service.isEmpty() || service.equals(l.parent()) || service.equals(l.child())) {
          counts.merge(List.of(l.parent(), l.child()), l.callCount(), Long::sum);
        }
      }
      List<DependencyLink> out = new ArrayList<>(counts.size());
      counts.forEach((k, n) -> out.add(new DependencyLink(k.get(0), k.get(1), n)));
      return PartialResult.of(out, PartialResult.notice(links));
    });
  }

  private List<Span> assemble(List<Span> spans, boolean adjust) {
    if (spans.isEmpty()) {
      return spans;
    }
    return adjust ? assembler.assemble(spans) : TraceAssembler.raw(spans);
  }
}
