package io.weft.query;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.PartialResult;
import io.weft.storage.ScanResult;
import io.weft.storage.SearchTooBroadException;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Reading traces for people: storage plus assembly and adjustment. The HTTP API calls this;
 * so does every other front (event bus, api_v3), so that all of them show the same traces and refuse
 * the same searches ({@link SearchLimits}). A partial answer from storage ({@link PartialResult}) stays
 * partial, so each front can show its notice.
 */
public final class QueryService {
  /** Answers with this many spans or more are assembled off the event loop. */
  static final int LARGE_ANSWER_SPANS = 2_000;

  private final SpanReader reader;
  private final TraceAssembler assembler;
  private final SearchLimits limits;

  /** With the default search limits. */
  public QueryService(SpanReader reader, TraceAssembler assembler) {
    this(reader, assembler, SearchLimits.defaults());
  }

  public QueryService(SpanReader reader, TraceAssembler assembler, SearchLimits limits) {
    this.reader = reader;
    this.assembler = assembler;
    this.limits = limits;
  }

  public SearchLimits searchLimits() {
    return limits;
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
    return reader.getTrace(id).compose(spans -> offloadIfLarge(spans.size(),
        () -> PartialResult.of(assemble(spans, adjust), PartialResult.notice(spans))));
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

  /**
   * Matching traces, adjusted, most recent first. A query past the {@link SearchLimits}, or one the
   * backend finds too broad, fails with {@link BadRequestException} (a 400 on every front).
   */
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return findTraces(query, true);
  }

  /** Matching traces, most recent first: adjusted, or with {@code adjust} false only sorted (api_v3's raw traces). */
  public Future<List<List<Span>>> findTraces(TraceQuery query, boolean adjust) {
    try {
      limits.check(query);
    } catch (BadRequestException e) {
      return Future.failedFuture(e);
    }
    return reader.findTraces(query).recover(err -> Future.failedFuture(err instanceof SearchTooBroadException
        ? new BadRequestException(err.getMessage()) : err)).compose(traces -> {
      int spans = 0;
      for (List<Span> t : traces) {
        spans += t.size();
      }
      return offloadIfLarge(spans, () -> {
        List<List<Span>> out = new ArrayList<>(traces.size());
        for (List<Span> t : traces) {
          out.add(assemble(t, adjust));
        }
        return PartialResult.of(out, PartialResult.notice(traces));
      });
    });
  }

  /**
   * Traces that pass a filter scan (a TraceQL query), newest first, as stored: not assembled, so
   * the spans a query matched keep the ids and times it matched them by. Refused, as a search is,
   * past the {@link SearchLimits} or when the backend finds it too broad. A memory store tests the
   * traces on the calling thread: call this from a worker.
   */
  public Future<ScanResult> scan(TraceScan scan) {
    try {
      limits.check(scan.candidates());
    } catch (BadRequestException e) {
      return Future.failedFuture(e);
    }
    return reader.scanTraces(scan).recover(err -> Future.failedFuture(err instanceof SearchTooBroadException
        ? new BadRequestException(err.getMessage()) : err));
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

  /**
   * Assembly sorts and adjusts every span: for a large answer (a 10,000-span trace took seconds on a cold
   * JIT) it runs on a worker thread so the event loop stays free; small answers are done in place.
   */
  private static <T> Future<T> offloadIfLarge(int spans, Callable<T> work) {
    Context ctx = Vertx.currentContext();
    if (spans < LARGE_ANSWER_SPANS || ctx == null || !ctx.isEventLoopContext()) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return ctx.executeBlocking(work, false);
  }

  private List<Span> assemble(List<Span> spans, boolean adjust) {
    if (spans.isEmpty()) {
      return spans;
    }
    return adjust ? assembler.assemble(spans) : TraceAssembler.raw(spans);
  }
}
