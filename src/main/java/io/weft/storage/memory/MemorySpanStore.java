package io.weft.storage.memory;

import io.vertx.core.Future;
import io.weft.wire.ByteSink;
import io.weft.wire.EncodedTrace;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.storage.DependencyLinker;
import io.weft.model.Operation;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.SpanStore;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An in-memory backend holding at most {@code maxTraces} traces ({@link TraceTable}); beyond that the
 * trace that arrived first is evicted. Spans are held encoded ({@link io.weft.wire.SpanBinaryCodec}) and
 * decoded only on read. Thread-safe without global locks: writers lock one trace at a time. Reads and
 * writes run on the caller's thread and their futures come back completed, except a large write called
 * on an event loop ({@link WriteRunner}): it runs on a worker thread and completes on the caller's context
 * once applied (and readable). A write finds each service's index once ({@link ServiceLookup}).
 *
 * <p>Search walks the service's traces (or, without a service, every trace: the same time index the
 * dependency view reads) newest first from the end of the time range and stops at the limit; a
 * trace whose tag filter, span durations or bytes rule it out ({@link SearchFilter}) is skipped
 * without decoding, so a search decodes only the traces it has to look at. A trace's start is its
 * earliest span start; the same start places a trace in the dependency lookback window. The
 * indexes are time-bucketed ({@link TimeIndex}): a write appends, and only a search orders.
 */
public final class MemorySpanStore implements SpanStore {
  private final TraceTable traces;
  private final Indexes indexes;
  private final RecordedLinks recordedLinks;

  public MemorySpanStore(int maxTraces) {
    this(maxTraces, Indexes.DEFAULT_BUCKET_MICROS);
  }

  /** With time buckets {@code bucketMicros} wide, for tests that need many buckets. */
  MemorySpanStore(int maxTraces, long bucketMicros) {
    this.indexes = new Indexes(bucketMicros);
    this.traces = new TraceTable(maxTraces, indexes);
    this.recordedLinks = new RecordedLinks(maxTraces);
  }

  public long evictedTraces() {
    return traces.evicted();
  }

  public int traceCount() {
    return traces.traceCount();
  }

  public long spanCount() {
    return traces.spanCount();
  }

  /** Spans without a trace id cannot be stored or found, and are skipped. */
  @Override
  public Future<Void> write(List<Span> spans) {
    return WriteRunner.run(spans.size(), () -> {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>(Math.max(16, spans.size() / 2));
      for (Span s : spans) {
        if (s.traceId() != null) {
          byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
      }
      ByteSink scratch = new ByteSink(4096);
      ServiceLookup services = new ServiceLookup(indexes);
      byTrace.forEach((id, batch) -> traces.store(id, batch, services.serviceIds(batch), null, scratch));
    });
  }

  /**
   * Keeps each message as the trace's new chunk when all its spans are new (the usual case: a Kafka
   * record is one trace of one collector request), so an ingester's spans are indexed but not encoded
   * again; a message holding spans already stored is re-encoded without them, as {@link #write} does.
   */
  @Override
  public Future<Void> writeEncoded(List<EncodedTrace> batch) {
    int spans = 0;
    for (EncodedTrace t : batch) {
      spans += t.spans().size();
    }
    return WriteRunner.run(spans, () -> {
      ByteSink scratch = new ByteSink(4096);
      ServiceLookup services = new ServiceLookup(indexes);
      for (EncodedTrace t : batch) {
        traces.store(t.traceId(), t.spans(), services.serviceIds(t.spans()), t.message(), scratch);
      }
    });
  }

  /**
   * Keeps the trace's links ({@link RecordedLinks}, bounded by {@code maxTraces} apart from the stored
   * traces), counted in {@link #getDependencies} as a stored trace's are.
   */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return WriteRunner.run(spans.size(), () -> {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      for (Span s : spans) {
        if (s.traceId() != null) {
          byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
      }
      byTrace.forEach(recordedLinks::add);
    });
  }

  /** Traces whose links are held without their spans. */
  public int linksOnlyTraceCount() {
    return recordedLinks.traceCount();
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return call(() -> {
      TraceEntry e = traces.get(traceId);
      return e == null ? List.of() : e.spans();
    });
  }

  @Override
  public Future<List<String>> getServices() {
    return call(() -> indexes.services().stream()
        .map(s -> s.name)
        .filter(name -> !name.isEmpty())
        .sorted()
        .toList());
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    return call(() -> {
      ServiceIndex s = service == null ? null : indexes.find(service);
      if (s == null) {
        return List.of();
      }
      boolean anyKind = spanKind == null || spanKind.isEmpty();
      return s.operations.stream()
          .filter(op -> anyKind || op.spanKind().equals(spanKind))
          .sorted(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind))
          .toList();
    });
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return call(() -> {
      List<List<Span>> found = new ArrayList<>();
      TimeIndex index = index(query);
      if (index == null) {
        return found;
      }
      SpanMatcher matcher = new SpanMatcher(query);
      SearchFilter filter = SearchFilter.of(query);
      long max = query.startTimeMaxMicros() == 0 ? Long.MAX_VALUE : query.startTimeMaxMicros();
      long min = query.startTimeMinMicros() == 0 ? Long.MIN_VALUE : query.startTimeMinMicros();
      index.visitNewestFirst(min, max, e -> e.mayMatch(filter), e -> {
        if (!e.containsAll(filter.needles())) {
          return true; // a filter false positive, caught without decoding
        }
        List<Span> spans = e.spans();
        if (matcher.matchesTrace(spans)) {
          found.add(spans);
        }
        return found.size() < query.limit();
      });
      return found;
    });
  }

  /** Runs on the caller's thread, and may decode many traces: call it from a worker. */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return call(() -> FilterScan.run(indexes, scan));
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    return call(() -> {
      DependencyLinker linker = new DependencyLinker();
      if (lookbackMicros < 0) {
        return linker.links();
      }
      long from = endMicros - lookbackMicros;
      if (from > endMicros) {
        from = Long.MIN_VALUE; // the subtraction overflowed: look back to the beginning
      }
      indexes.all.visit(from, endMicros, e -> e.addLinks(linker, indexes));
      recordedLinks.addTo(linker, from, endMicros);
      return linker.links();
    });
  }

  @Override
  public Future<List<TraceId>> traceIdsStartedIn(long fromMicros, long toMicros) {
    return call(() -> {
      List<TraceId> ids = new ArrayList<>();
      if (fromMicros < toMicros) {
        indexes.all.visit(fromMicros, toMicros - 1, e -> ids.add(e.id));
      }
      return ids;
    });
  }

  /** The index a query searches: its service's, or every trace's; null for an unknown service. */
  private TimeIndex index(TraceQuery q) {
    if (q.anyService()) {
      return indexes.all;
    }
    ServiceIndex s = indexes.find(q.service());
    return s == null ? null : s.traces;
  }

  /** For tests: the encoded chunks a trace is held in. */
  byte[][] chunks(TraceId id) {
    TraceEntry e = traces.get(id);
    return e == null ? new byte[0][] : e.chunks();
  }

  /** For tests: buckets and references held by the every-trace index. */
  int[] indexShape() {
    return new int[] {indexes.all.bucketCount(), indexes.all.referenceCount()};
  }

  /** Runs in-memory work on the caller's thread, turning any failure into a failed future. */
  private static <T> Future<T> call(Supplier<T> work) {
    try {
      return Future.succeededFuture(work.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
