package io.weft.storage.opensearch;

import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.TraceSpanTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency links of recent traces, kept so the collector can store each trace's links as
 * documents of their own: a trace's spans arrive in several writes, in any order, so its links are
 * recounted ({@link DependencyLinker}, the memory store's rules) whenever new spans of it come, and
 * written whole again when they differ from what was last stored. The documents have ids of their
 * own (trace and link), so writing them again replaces them: retries never count twice, and a
 * link that moved (an earlier span moved the trace's start) or vanished is overwritten.
 *
 * <p>Limits, as the Cassandra backend's: the memory is per Weft node and bounded ({@link #MAX_TRACES}
 * traces, each forgotten after {@link #IDLE_MS} idle); spans of one trace that reach different
 * nodes are linked within each node's share; a trace beyond {@link #MAX_SPANS_PER_TRACE} spans stops
 * being tracked. Where spans are routed by trace id and arrive within minutes, counts are exact.
 */
final class TraceLinks {
  static final int MAX_TRACES = 100_000;
  static final long IDLE_MS = 10 * 60_000;
  static final int MAX_SPANS_PER_TRACE = 5_000;
  private static final int STRIPES = 16;

  /**
   * The links of one trace to store, counted now and filed under the trace's start; {@code
   * storedStartMicros} is the start they were last stored under ({@link Long#MIN_VALUE} if never),
   * so documents left in another time slice can be deleted.
   */
  record Update(TraceId traceId, long startMicros, long storedStartMicros, Map<Pair, Long> links) {}

  record Pair(String parent, String child) {}

  private final Stripe[] stripes = new Stripe[STRIPES];

  TraceLinks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(MAX_TRACES / STRIPES);
    }
  }

  /**
   * Records the spans of one trace; returns its links when they differ from the last stored ones
   * (links that vanished appear with a count of 0), or null.
   */
  Update add(TraceId id, List<Span> spans, long nowMillis) {
    Stripe stripe = stripes[Math.floorMod(id.hashCode(), STRIPES)];
    synchronized (stripe) {
      stripe.expire(nowMillis);
      State t = stripe.computeIfAbsent(id, k -> new State());
      t.lastSeenMillis = nowMillis;
      return t.add(id, spans);
    }
  }

  /** The write carrying {@code u} succeeded: these are the links stored now. */
  void stored(Update u) {
    Stripe stripe = stripes[Math.floorMod(u.traceId().hashCode(), STRIPES)];
    synchronized (stripe) {
      State t = stripe.get(u.traceId());
      if (t != null) {
        Map<Pair, Long> kept = new LinkedHashMap<>(u.links());
        kept.values().removeIf(v -> v == 0);
        t.stored = kept;
        t.storedStart = u.startMicros();
      }
    }
  }

  int tracked() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  private static final class Stripe extends LinkedHashMap<TraceId, State> {
    private final int capacity;

    Stripe(int capacity) {
      super(64, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<TraceId, State> eldest) {
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

  private static final class State {
    final TraceSpanTable table = new TraceSpanTable();
    Map<Pair, Long> stored = Map.of();
    long storedStart = Long.MIN_VALUE;
    boolean overflow;
    long lastSeenMillis;

    Update add(TraceId id, List<Span> spans) {
      if (overflow) {
        return null;
      }
      for (Span s : spans) {
        if (table.holds(s)) {
          continue;
        }
        if (table.size() == MAX_SPANS_PER_TRACE) {
          overflow = true; // keep what was stored; stop paying for a giant trace
          return null;
        }
        table.add(s);
      }
      Map<Pair, Long> now = new LinkedHashMap<>();
      for (DependencyLink l : table.links()) {
        now.put(new Pair(l.parent(), l.child()), l.callCount());
      }
      if (now.equals(stored) && table.start() == storedStart) {
        return null;
      }
      Map<Pair, Long> out = new LinkedHashMap<>(now);
      for (Pair gone : stored.keySet()) {
        out.putIfAbsent(gone, 0L);
      }
      return out.isEmpty() ? null : new Update(id, table.start(), storedStart, out);
    }
  }
}
