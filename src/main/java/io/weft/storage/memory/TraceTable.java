package io.weft.storage.memory;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.wire.ByteSink;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stored traces by id, at most {@code maxTraces}: beyond that the trace that arrived first is
 * evicted (with its index entries). Thread-safe without global locks: writers lock one trace at a time.
 */
final class TraceTable {
  private final int maxTraces;
  private final Indexes indexes;
  private final ConcurrentHashMap<TraceId, TraceEntry> traces = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<TraceEntry> arrivals = new ConcurrentLinkedQueue<>();
  private final AtomicInteger traceCount = new AtomicInteger();
  private final LongAdder spanCount = new LongAdder();
  private final AtomicLong evicted = new AtomicLong();

  TraceTable(int maxTraces, Indexes indexes) {
    if (maxTraces <= 0) {
      throw new IllegalArgumentException("maxTraces must be positive: " + maxTraces);
    }
    this.maxTraces = maxTraces;
    this.indexes = indexes;
  }

  TraceEntry get(TraceId id) {
    return traces.get(id);
  }

  int traceCount() {
    return traceCount.get();
  }

  long spanCount() {
    return spanCount.sum();
  }

  long evicted() {
    return evicted.get();
  }

  /**
   * Adds one trace's spans of a write ({@code services}: their ids, from the write's {@link ServiceLookup});
   * {@code message}, when not null, is the encoding of exactly {@code batch}.
   */
  void store(TraceId id, List<Span> batch, int[] services, byte[] message, ByteSink scratch) {
    while (true) {
      TraceEntry e = traces.get(id);
      boolean created = false;
      if (e == null) {
        TraceEntry fresh = new TraceEntry(id);
        e = traces.putIfAbsent(id, fresh);
        if (e == null) {
          e = fresh;
          created = true;
        }
      }
      int added = e.append(batch, services, message, scratch, indexes);
      if (added < 0) {
        continue; // evicted between lookup and append: the trace starts afresh
      }
      spanCount.add(added);
      if (created) {
        // Only queued entries can be evicted, and the queue is never shorter than the count.
        arrivals.add(e);
        traceCount.incrementAndGet();
        evictOverflow();
      }
      return;
    }
  }

  private void evictOverflow() {
    while (true) {
      int n = traceCount.get();
      if (n <= maxTraces) {
        return;
      }
      if (!traceCount.compareAndSet(n, n - 1)) {
        continue; // each evictor claims one slot first, so concurrent writers never over-evict
      }
      TraceEntry oldest = arrivals.poll();
      spanCount.add(-oldest.evict(indexes));
      traces.remove(oldest.id, oldest);
      evicted.incrementAndGet();
    }
  }
}
