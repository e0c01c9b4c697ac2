package io.weft.storage.spread;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member leaving gracefully hands the spans of its in-memory store to the members that stay, each
 * trace to its owner, so a scale-down or a rolling restart loses no trace. It walks the store through
 * the ordinary reader (service by service, newest first, a page at a time), which works for any
 * backend, and stops at the deadline (what is left is counted in the log).
 */
public final class DataHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(DataHandoff.class);
  private static final int PAGE = 500;

  private final SpanReader store;
  private final TraceOwnerWriter writer;
  private final long deadlineNanos;
  private final Set<TraceId> sent = new HashSet<>();
  private long spans;

  private DataHandoff(SpanReader store, TraceOwnerWriter writer, long deadlineNanos) {
    this.store = store;
    this.writer = writer;
    this.deadlineNanos = deadlineNanos;
  }

  /** Sends every stored trace to its owner among {@code targets}; completes (never fails) when done or out of time. */
  public static Future<Void> run(Vertx vertx, String selfId, io.weft.storage.SpanStore store, List<String> targets,
      SpreadMetrics metrics, long deadlineNanos) {
    return run(vertx, selfId, store, targets, metrics, deadlineNanos, null);
  }

  /** The same for one tenant's store: the owners store what they get in their store of {@code tenant}. */
  public static Future<Void> run(Vertx vertx, String selfId, io.weft.storage.SpanStore store, List<String> targets,
      SpreadMetrics metrics, long deadlineNanos, String tenant) {
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    TraceOwnerWriter w = new TraceOwnerWriter(vertx, selfId, store, metrics,
        Math.max(1000, (deadlineNanos - System.nanoTime()) / 1_000_000), tenant);
    w.owners(targets);
    DataHandoff h = new DataHandoff(store, w, deadlineNanos);
    long t0 = System.nanoTime();
    String whose = tenant == null ? "" : " of tenant " + tenant;
    return store.getServices().compose(services -> {
      Promise<Void> done = Promise.promise();
      h.services(services.iterator(), done);
      return done.future();
    }).onComplete(ar -> LOG.info("handed {} traces ({} spans){} to {} in {} ms{}", h.sent.size(), h.spans, whose, targets,
        (System.nanoTime() - t0) / 1_000_000, System.nanoTime() > deadlineNanos ? " (stopped at the deadline)" : ""))
        .otherwise((Void) null);
  }

  private void services(Iterator<String> it, Promise<Void> done) {
    if (!it.hasNext() || System.nanoTime() > deadlineNanos) {
      done.complete();
      return;
    }
    page(it.next(), 0).onComplete(ar -> services(it, done));
  }

  /** One page of a service's traces starting at or before {@code maxStart} (0: no bound), then the next page. */
  private Future<Void> page(String service, long maxStart) {
    if (System.nanoTime() > deadlineNanos) {
      return Future.succeededFuture();
    }
    TraceQuery q = new TraceQuery(service, null, Map.of(), 0, maxStart, 0, 0, PAGE);
    return store.findTraces(q).compose(traces -> {
      List<Span> batch = new ArrayList<>();
      long oldest = Long.MAX_VALUE;
      for (List<Span> t : traces) {
        oldest = Math.min(oldest, io.weft.storage.SpanMatcher.traceStart(t));
        if (sent.add(t.get(0).traceId())) {
          batch.addAll(t);
        }
      }
      spans += batch.size();
      Future<Void> written = batch.isEmpty() ? Future.succeededFuture() : writer.write(batch);
      if (traces.size() < PAGE) {
        return written;
      }
      // Pages overlap on traces sharing the oldest start; with nothing new, step past that start.
      long next = batch.isEmpty() ? oldest - 1 : oldest;
      return next <= 0 ? written : written.compose(v -> page(service, next));
    });
  }
}
