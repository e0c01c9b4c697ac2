package io.weft.storage.cold;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves traces from the hot store to blocks, one {@code cold.block-window} of trace starts at a time,
 * oldest first, each window once it ended {@code cold.after} ago. A window's traces are read whole from
 * the hot store, written as one block (or several, split by root service, past {@code cold.block-max-spans}),
 * each committed (data, then meta); only then does {@code handoff.json} move past the window. The hot
 * copies are left to expire by the hot store's own TTL. A crash anywhere repeats the window: a block id
 * is a function of the window, and a block already committed is not written again, so nothing doubles.
 * While the object store cannot be reached nothing moves: the hot data stays, and the lag grows
 * ({@code weft_cold_handoff_lag_seconds}).
 */
final class Handoff {
  private static final Logger LOG = LoggerFactory.getLogger(Handoff.class);
  /** Traces read from the hot store at once. */
  private static final int READ_CONCURRENCY = 32;

  private final ColdStore cold;
  private final SpanReader hot;
  private final ColdSettings s;
  private volatile long cursor = Long.MIN_VALUE;
  /** Set when the role is stopping: the round ends after the window in progress. */
  volatile boolean stopping;
  private volatile long lastNow;

  Handoff(ColdStore cold, SpanReader hot) {
    this.cold = cold;
    this.hot = hot;
    this.s = cold.settings;
  }

  /** Behind by: from where the handoff stands (this round's cursor, else the last listing's horizon) to what is due. */
  double lagSeconds() {
    long c = cursor != Long.MIN_VALUE ? cursor : cold.blocks.horizon();
    long due = lastNow - s.afterMicros();
    return c == Long.MIN_VALUE || lastNow == 0 ? 0 : Math.max(0, due - c - s.blockWindowMicros()) / 1e6;
  }

  /** A round starts at {@code nowMicros}: the lag counts from it even when the store cannot be reached. */
  void roundAt(long nowMicros) {
    lastNow = nowMicros;
  }

  /** Moves every window that is due at {@code nowMicros}; the number of windows moved. */
  Future<Integer> catchUp(long nowMicros) {
    lastNow = nowMicros;
    return position(nowMicros).compose(from -> next(from, nowMicros - s.afterMicros(), 0));
  }

  private Future<Integer> next(long from, long due, int moved) {
    cursor = from;
    long to = from + s.blockWindowMicros();
    if (to > due || stopping) {
      return Future.succeededFuture(moved);
    }
    return moveWindow(from, to)
        .compose(v -> cold.objects.put(cold.keys.handoff(), BlockList.handoffBytes(to)))
        .compose(v -> {
          cold.blocks.horizon(to);
          return next(to, due, moved + 1);
        });
  }

  /** Where the handoff stands: {@code handoff.json}, or for the first run, cold.handoff.lookback before what is due. */
  private Future<Long> position(long nowMicros) {
    return cold.objects.get(cold.keys.handoff()).map(b -> b != null ? BlockList.until(b)
        : floor(nowMicros - s.afterMicros() - s.handoffLookbackMicros()));
  }

  private long floor(long micros) {
    return Math.floorDiv(micros, s.blockWindowMicros()) * s.blockWindowMicros();
  }

  /** Hands off the traces starting in [from, to): read, built into blocks, committed. */
  Future<Void> moveWindow(long from, long to) {
    return hot.traceIdsStartedIn(from, to).compose(ids -> read(ids, from, to)).compose(traces -> {
      if (traces.isEmpty()) {
        return Future.succeededFuture();
      }
      List<List<EncodedTrace>> parts = split(traces, s.blockMaxSpans());
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < parts.size(); i++) {
        String id = blockId(from, to, i);
        List<EncodedTrace> part = parts.get(i);
        chain = chain.compose(v -> writeOnce(id, from, to, part));
      }
      return chain.onSuccess(v -> {
        long spans = traces.stream().mapToLong(EncodedTrace::spans).sum();
        cold.metrics.handedOff(spans);
        LOG.debug("handed off {} traces ({} spans) starting in [{}, {})", traces.size(), spans, from, to);
      });
    });
  }

  static String blockId(long from, long to, int part) {
    return String.format("w%d-%d-%d", from, to - from, part);
  }

  /** Writes the block unless a block of that id is committed already (a repeated window). */
  private Future<Void> writeOnce(String id, long from, long to, List<EncodedTrace> traces) {
    return cold.objects.get(cold.keys.meta(id)).compose(existing -> existing != null ? Future.succeededFuture()
        : cold.build(id, from, to, 0, List.of(), traces).compose(cold::commit).mapEmpty());
  }

  /** The traces whole, those starting in the window only (a trace may also be listed for a later span). */
  private Future<List<EncodedTrace>> read(List<TraceId> ids, long from, long to) {
    List<EncodedTrace> out = new ArrayList<>();
    return readFrom(ids, 0, from, to, out).map(v -> out);
  }

  private Future<Void> readFrom(List<TraceId> ids, int i, long from, long to, List<EncodedTrace> out) {
    if (i >= ids.size()) {
      return Future.succeededFuture();
    }
    List<Future<List<Span>>> batch = new ArrayList<>();
    for (TraceId id : ids.subList(i, Math.min(ids.size(), i + READ_CONCURRENCY))) {
      batch.add(hot.getTrace(id));
    }
    return Future.all(batch).compose(cf -> cold.workers.executeBlocking(() -> {
      for (Future<List<Span>> f : batch) {
        List<Span> t = f.result();
        if (!t.isEmpty()) {
          EncodedTrace e = EncodedTrace.of(t);
          if (e.start() >= from && e.start() < to) {
            synchronized (out) {
              out.add(e);
            }
          }
        }
      }
      return null;
    }, true)).compose(v -> readFrom(ids, i + READ_CONCURRENCY, from, to, out));
  }

  /**
   * One block, or past {@code maxSpans} several: traces grouped by root service (a search for a service
   * then reads fewer blocks), groups packed in name order, a group too large split by trace id.
   */
  static List<List<EncodedTrace>> split(List<EncodedTrace> traces, int maxSpans) {
    long total = traces.stream().mapToLong(EncodedTrace::spans).sum();
    if (total <= maxSpans) {
      return List.of(traces);
    }
    Map<String, List<EncodedTrace>> byRoot = new TreeMap<>();
    for (EncodedTrace t : traces) {
      byRoot.computeIfAbsent(t.rootService(), k -> new ArrayList<>()).add(t);
    }
    List<List<EncodedTrace>> parts = new ArrayList<>();
    List<EncodedTrace> current = new ArrayList<>();
    long spans = 0;
    for (List<EncodedTrace> group : byRoot.values()) {
      group.sort(Comparator.comparing(EncodedTrace::id));
      long groupSpans = group.stream().mapToLong(EncodedTrace::spans).sum();
      if (spans > 0 && spans + groupSpans > maxSpans) {
        parts.add(current);
        current = new ArrayList<>();
        spans = 0;
      }
      for (EncodedTrace t : group) {
        if (spans > 0 && spans + t.spans() > maxSpans) {
          parts.add(current);
          current = new ArrayList<>();
          spans = 0;
        }
        current.add(t);
        spans += t.spans();
      }
    }
    if (!current.isEmpty()) {
      parts.add(current);
    }
    return parts;
  }
}
