package io.weft.spanmetrics;

import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Span metrics as spans are accepted: per series ({@link SeriesKey}) calls and latency, per time
 * bucket since the last flush ({@link #drain}), and cumulative counters for Prometheus
 * ({@link PromText}); service-graph edges likewise ({@link EdgePairer}). Thread-safe: collector
 * event loops record concurrently, each series under its own lock.
 *
 * <p>Each span counts its adjusted count ({@link TraceWeights}). A span is filed under the bucket of its start
 * time, so a click on a point finds the traces behind it by their start; a start more than a step in
 * the future (a skewed clock) is filed under now.
 */
public final class SpanAggregator {
  private final AggregatorSettings settings;
  private final LongSupplier clock;
  private final String writer;
  private final AtomicLong seq = new AtomicLong();
  private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<EdgeKey, EdgeSeries> edges = new ConcurrentHashMap<>();
  /** Operations admitted per service; rebuilt from the live series at each drain. */
  private volatile Map<String, Set<String>> operations = new ConcurrentHashMap<>();
  private final EdgePairer pairer;
  private final TraceWeights traceWeights = new TraceWeights();
  final LongAdder spans = new LongAdder();
  final LongAdder overflowOperations = new LongAdder();
  final LongAdder overflowSeries = new LongAdder();
  final LongAdder overflowEdges = new LongAdder();
  /** Weighted calls recorded and not drained yet: what a crash would lose now. */
  private final java.util.concurrent.atomic.DoubleAdder pendingCalls = new java.util.concurrent.atomic.DoubleAdder();

  /** {@code writer} names this node's deltas (unique per process start); {@code clock} gives epoch ms. */
  public SpanAggregator(AggregatorSettings settings, String writer, LongSupplier clock) {
    this.settings = settings;
    this.writer = writer;
    this.clock = clock;
    this.pairer = new EdgePairer(settings.maxPendingEdges(), settings.edgeWaitMs(), this::edge);
  }

  public AggregatorSettings settings() {
    return settings;
  }

  public String writer() {
    return writer;
  }

  /** Counts accepted spans (every one, whatever post-sampling does with it afterwards). */
  public void record(List<Span> batch) {
    long now = clock.getAsLong();
    double[] weights = traceWeights.of(batch);
    boolean[] errors = new boolean[batch.size()];
    boolean edges = false;
    double calls = 0;
    for (int i = 0; i < batch.size(); i++) {
      Span s = batch.get(i);
      double w = weights[i];
      long bucket = bucketOf(s.startTimeMicros() / 1000, now);
      String service = s.serviceName() == null ? "" : s.serviceName();
      boolean error = JaegerTags.isError(s); // once per span: the series and the edge both need it
      errors[i] = error;
      StatusCode status = error ? StatusCode.ERROR : s.statusCode();
      SeriesKey key = new SeriesKey(service, s.operationName(), s.kind(), status);
      while (true) {
        Series ser = series.get(key);
        if (ser == null) {
          ser = admit(key);
        }
        synchronized (ser) {
          if (ser.removed) {
            continue;
          }
          ser.add(bucket, s.durationMicros(), w, now);
        }
        break;
      }
      calls += w;
      edges |= EdgePairer.interesting(s);
    }
    pendingCalls.add(calls);
    if (edges) {
      pairer.offer(batch, errors, weights, now);
    }
    spans.add(batch.size());
  }

  long bucketOf(long startMs, long nowMs) {
    long step = settings.stepMs();
    long t = startMs > nowMs + step ? nowMs : startMs;
    return Math.floorDiv(t, step) * step;
  }

  /** The series for a new key, or the overflow series its service or the node has reached a limit for. */
  private Series admit(SeriesKey key) {
    Map<String, Set<String>> ops = operations;
    Set<String> known = ops.computeIfAbsent(key.service(), s -> ConcurrentHashMap.newKeySet());
    SeriesKey k = key;
    if (!known.contains(key.operation())) {
      if (known.size() >= settings.maxOperationsPerService()) {
        overflowOperations.increment();
        k = new SeriesKey(key.service(), SeriesKey.OVERFLOW, key.kind(), key.status());
      } else {
        known.add(key.operation());
      }
    }
    if (series.size() >= settings.maxSeries() && !series.containsKey(k)) {
      overflowSeries.increment();
      k = new SeriesKey(SeriesKey.OVERFLOW, SeriesKey.OVERFLOW, key.kind(), key.status());
    }
    SeriesKey fk = k;
    return series.computeIfAbsent(fk, Series::new);
  }

  private void edge(EdgeKey key, long startMs, long serverMicros, long clientMicros, boolean failed, double weight) {
    long now = clock.getAsLong();
    long bucket = bucketOf(startMs, now);
    EdgeKey k = key;
    while (true) {
      EdgeSeries e = edges.get(k);
      if (e == null) {
        if (edges.size() >= settings.maxSeries()) {
          overflowEdges.increment();
          k = new EdgeKey(SeriesKey.OVERFLOW, SeriesKey.OVERFLOW, key.connectionType());
        }
        e = edges.computeIfAbsent(k, EdgeSeries::new);
      }
      synchronized (e) {
        if (e.removed) {
          continue;
        }
        e.add(bucket, serverMicros, clientMicros, failed, weight, now);
      }
      return;
    }
  }

  /**
   * What was counted since the previous drain, as the next delta of this writer; also times out
   * waiting service-graph halves and forgets series idle past {@code idleExpiryMs}.
   */
  public Delta drain() {
    long now = clock.getAsLong();
    pairer.expire(now);
    Map<Long, Map<SeriesKey, Cell>> cells = new TreeMap<>();
    Map<String, Set<String>> liveOps = new ConcurrentHashMap<>();
    for (Series s : series.values()) {
      synchronized (s) {
        if (!s.pending.isEmpty()) {
          s.drainTo(cells);
        } else if (now - s.lastSeenMs > settings.idleExpiryMs()) {
          s.removed = true;
          series.remove(s.key, s);
          continue;
        }
      }
      liveOps.computeIfAbsent(s.key.service(), k -> ConcurrentHashMap.newKeySet()).add(s.key.operation());
    }
    // Expired series give their operation's slot back. (One admitted during this sweep is counted
    // again when its next new series comes: a slot at most, for a sweep.)
    operations = liveOps;
    Map<Long, Map<EdgeKey, EdgeCell>> edgeCells = new TreeMap<>();
    for (EdgeSeries e : edges.values()) {
      synchronized (e) {
        if (!e.pending.isEmpty()) {
          e.drainTo(edgeCells);
        } else if (now - e.lastSeenMs > settings.idleExpiryMs()) {
          e.removed = true;
          edges.remove(e.key, e);
        }
      }
    }
    Set<Long> starts = new HashSet<>(cells.keySet());
    starts.addAll(edgeCells.keySet());
    List<Delta.Bucket> buckets = new ArrayList<>();
    for (long start : new java.util.TreeSet<>(starts)) {
      buckets.add(new Delta.Bucket(start, cells.getOrDefault(start, Map.of()), edgeCells.getOrDefault(start, Map.of())));
    }
    Delta d = new Delta(writer, seq.incrementAndGet(), settings.stepMs(), buckets);
    pendingCalls.add(-d.calls());
    return d;
  }

  /** Weighted calls counted and not yet drained. */
  public double pendingCalls() {
    return Math.max(0, pendingCalls.sum());
  }

  public long spansRecorded() {
    return spans.sum();
  }

  public int seriesCount() {
    return series.size();
  }

  public int edgeCount() {
    return edges.size();
  }

  public long overflowOperations() {
    return overflowOperations.sum();
  }

  public long overflowSeries() {
    return overflowSeries.sum();
  }

  public long overflowEdges() {
    return overflowEdges.sum();
  }

  public long unpairedHalves() {
    synchronized (pairer) {
      return pairer.unpaired;
    }
  }

  public long droppedHalves() {
    synchronized (pairer) {
      return pairer.dropped;
    }
  }

  public int waitingHalves() {
    return pairer.waiting();
  }

  /** Appends the Prometheus exposition of the cumulative series. */
  public void prometheus(StringBuilder out) {
    PromText.write(out, series.values(), edges.values());
  }

  /** Appends every tenant's cumulative series under one set of families, each sample labelled with its tenant. */
  public static void prometheus(StringBuilder out, Map<String, SpanAggregator> byTenant) {
    List<PromText.Part> parts = new ArrayList<>();
    new TreeMap<>(byTenant).forEach((tenant, a) -> parts.add(PromText.Part.tenant(tenant, a.series.values(),
        a.edges.values())));
    PromText.write(out, parts);
  }
}
