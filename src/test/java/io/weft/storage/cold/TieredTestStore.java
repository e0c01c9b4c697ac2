package io.weft.storage.cold;

import io.vertx.core.Future;
import io.weft.metrics.WeftMetrics;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import io.weft.storage.memory.MemorySpanStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Hot + cold" as one store for the shared storage suite: spans are written to a hot in-memory store, and
 * after each write every trace starting before {@code cut} is handed off ({@link Handoff#moveWindow}, each
 * time a window of its own) and then dropped from the hot store, as its TTL would drop it. Reads go through
 * {@link TieredSpanReader}, so traces on both sides of the handoff, and traces split across it (spans written
 * after their trace was handed off), are read back through the real cold path.
 */
final class TieredTestStore implements SpanStore {
  private final ColdStore cold;
  private final long cut;
  private final WeftMetrics metrics = new WeftMetrics();
  private final List<Span> hotSpans = new ArrayList<>();
  private final List<Span> hotLinksOnly = new ArrayList<>();
  private volatile MemorySpanStore hot = new MemorySpanStore(100_000);
  private final SpanReader reader;
  private int handoffs;
  private Future<Void> lastWrite = Future.succeededFuture();

  TieredTestStore(ColdStore cold, long cut) {
    this.cold = cold;
    this.cut = cut;
    this.reader = cold.over(new HotView());
  }

  /**
   * Writes run one after another: each hands off what is old and then drops it from the hot store, so
   * a write started before the last one's handoff ended would hand the same traces off again (in
   * production one owner moves each window once).
   */
  @Override
  public synchronized Future<Void> write(List<Span> spans) {
    Future<Void> mine = lastWrite.transform(ar -> writeNow(spans));
    lastWrite = mine;
    return mine;
  }

  private synchronized Future<Void> writeNow(List<Span> spans) {
    hotSpans.addAll(spans);
    long from = cut - 24 * 3600_000_000L - (++handoffs);
    return hot.write(spans)
        .compose(v -> new Handoff(cold, hot).moveWindow(from, cut))
        .map(v -> {
          cold.blocks.horizon(cut);
          expire(from);
          return null;
        });
  }

  /** Drops the traces just handed off from the hot store. */
  private synchronized void expire(long from) {
    Map<TraceId, List<Span>> byTrace = new HashMap<>();
    for (Span s : hotSpans) {
      byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
    }
    byTrace.forEach((id, spans) -> {
      long start = SpanMatcher.traceStart(spans);
      if (start >= from && start < cut) {
        hotSpans.removeAll(spans);
      }
    });
    MemorySpanStore fresh = new MemorySpanStore(100_000);
    fresh.write(hotSpans);
    fresh.writeLinksOnly(hotLinksOnly); // the hot store keeps these: the handoff does not move them
    hot = fresh;
  }

  /** To the hot store, as the store chain's {@link LateSpanCounter} passes them on. */
  @Override
  public synchronized Future<Void> writeLinksOnly(List<Span> spans) {
    hotLinksOnly.addAll(spans);
    return hot.writeLinksOnly(spans);
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return reader.getTrace(traceId);
  }

  @Override
  public Future<List<String>> getServices() {
    return reader.getServices();
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    return reader.getOperations(service, spanKind);
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return reader.findTraces(query);
  }

  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return reader.scanTraces(scan);
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    return reader.getDependencies(endMicros, lookbackMicros);
  }

  /** Whether the hot store holds spans of this trace now. */
  synchronized boolean isHot(TraceId id) {
    return hotSpans.stream().anyMatch(s -> s.traceId().equals(id));
  }

  /** Spans left in the hot store now. */
  synchronized int hotSpanCount() {
    return hotSpans.size();
  }

  /** The current hot store, whichever it is after the last expiry. */
  private final class HotView implements SpanReader {
    public Future<List<Span>> getTrace(TraceId id) {
      return hot.getTrace(id);
    }

    public Future<List<String>> getServices() {
      return hot.getServices();
    }

    public Future<List<Operation>> getOperations(String service, String kind) {
      return hot.getOperations(service, kind);
    }

    public Future<List<List<Span>>> findTraces(TraceQuery q) {
      return hot.findTraces(q);
    }

    public Future<ScanResult> scanTraces(TraceScan scan) {
      return hot.scanTraces(scan);
    }

    public Future<List<DependencyLink>> getDependencies(long end, long lookback) {
      return hot.getDependencies(end, lookback);
    }
  }
}
