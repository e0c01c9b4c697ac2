package io.weft.storage.cassandra;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.storage.DependencyLinker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns spans, as they arrive, into changes of the dependency counters such that each link of a
 * trace is counted once although its spans come in several writes, in any order, and again on
 * retries.
 *
 * <p>How: for each recent trace it remembers the span ids, parents, services and kinds seen (not
 * the spans), and the links it has counted so far. When a write brings new spans of the trace,
 * it recomputes the trace's links with {@link DependencyLinker} (the memory store's rules,
 * Zipkin's shared spans included) and emits the difference. A child that arrives before its
 * parent is counted when the parent comes. Links are filed under the second the trace started;
 * when an earlier span moves that start, the counts move with it (counters can be decremented).
 *
 * <p>Limits, by design: the memory is per Weft node and bounded. Spans of one trace that reach
 * different collector nodes are linked only within each node's share; a trace idle for
 * {@link #IDLE_MS} or pushed out by {@link #MAX_TRACES} newer ones is forgotten, so a span of it
 * arriving later counts only links to spans in its own write; traces beyond
 * {@link #MAX_SPANS_PER_TRACE} spans stop being tracked; a restart forgets everything. Where
 * spans are routed by trace id (one ingester per Kafka partition, or one collector) and arrive
 * within minutes, counts are exact.
 */
final class DependencyTracker {
  static final int MAX_TRACES = 100_000;
  static final long IDLE_MS = 10 * 60_000;
  static final int MAX_SPANS_PER_TRACE = 5_000;
  private static final int STRIPES = 16;

  /** Add {@code calls} (may be negative) to parent -> child in the given epoch second. */
  record Delta(long second, String parent, String child, long calls) {}

  private final Stripe[] stripes = new Stripe[STRIPES];

  DependencyTracker() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(MAX_TRACES / STRIPES);
    }
  }

  /** Records spans of one trace ({@code hashes[i]} is span i's content hash); returns the counter changes. */
  List<Delta> add(TraceId id, List<Span> spans, long[] hashes, long nowMillis) {
    Stripe stripe = stripes[Math.floorMod(id.hashCode(), STRIPES)];
    synchronized (stripe) {
      stripe.expire(nowMillis);
      TraceState t = stripe.computeIfAbsent(id, k -> new TraceState());
      t.lastSeenMillis = nowMillis;
      return t.add(spans, hashes);
    }
  }

  private static final class Stripe extends LinkedHashMap<TraceId, TraceState> {
    private final int capacity;

    Stripe(int capacity) {
      super(64, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<TraceId, TraceState> eldest) {
      return size() > capacity;
    }

    void expire(long nowMillis) {
      var it = values().iterator();
      while (it.hasNext()) {
        if (it.next().lastSeenMillis >= nowMillis - IDLE_MS) {
          return; // access order: the rest were seen more recently
        }
        it.remove();
      }
    }
  }

  private static final class TraceState {
    long[] ids = new long[4];
    long[] parents = new long[4];
    long[] hashes = new long[4];
    String[] services = new String[4];
    boolean[] server = new boolean[4];
    int n;
    long start = Long.MAX_VALUE;
    long countedSecond;
    Map<List<String>, Long> counted = Map.of();
    boolean overflow;
    long lastSeenMillis;

    List<Delta> add(List<Span> spans, long[] spanHashes) {
      if (overflow) {
        return List.of();
      }
      boolean fresh = false;
      for (int i = 0; i < spans.size(); i++) {
        Span s = spans.get(i);
        if (holds(s.spanId(), spanHashes[i])) {
          continue;
        }
        if (n == MAX_SPANS_PER_TRACE) {
          overflow = true; // keep what was counted; stop paying for a giant trace
          return List.of();
        }
        append(s, spanHashes[i]);
        fresh = true;
      }
      return fresh ? recount() : List.of();
    }

    private List<Delta> recount() {
      Map<List<String>, Long> now = new HashMap<>();
      for (DependencyLink l : new DependencyLinker().addTrace(n, ids, parents, services, server).links()) {
        now.put(List.of(l.parent(), l.child()), l.callCount());
      }
      long second = Math.floorDiv(start, 1_000_000L);
      List<Delta> out = new ArrayList<>();
      if (!counted.isEmpty() && countedSecond != second) {
        counted.forEach((k, v) -> out.add(new Delta(countedSecond, k.get(0), k.get(1), -v)));
        now.forEach((k, v) -> out.add(new Delta(second, k.get(0), k.get(1), v)));
      } else {
        now.forEach((k, v) -> {
          long diff = v - counted.getOrDefault(k, 0L);
          if (diff != 0) {
            out.add(new Delta(second, k.get(0), k.get(1), diff));
          }
        });
        counted.forEach((k, v) -> {
          if (!now.containsKey(k)) {
            out.add(new Delta(second, k.get(0), k.get(1), -v));
          }
        });
      }
      counted = now;
      countedSecond = second;
      return out;
    }

    private boolean holds(long spanId, long hash) {
      for (int i = 0; i < n; i++) {
        if (ids[i] == spanId && hashes[i] == hash) {
          return true;
        }
      }
      return false;
    }

    private void append(Span s, long hash) {
      if (n == ids.length) {
        int cap = n * 2;
        ids = Arrays.copyOf(ids, cap);
        parents = Arrays.copyOf(parents, cap);
        hashes = Arrays.copyOf(hashes, cap);
        services = Arrays.copyOf(services, cap);
        server = Arrays.copyOf(server, cap);
      }
      ids[n] = s.spanId();
      parents[n] = s.parentSpanId();
      hashes[n] = hash;
      services[n] = s.serviceName();
      server[n] = s.kind() == SpanKind.SERVER;
      start = Math.min(start, s.startTimeMicros());
      n++;
    }
  }
}
