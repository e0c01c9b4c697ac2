package io.weft.storage.spread;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.TraceFilter;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A node-local store (memory) spread over a cluster: each trace is written to the collector member
 * that owns it ({@link TraceOwnerWriter}), reads ask every member ({@link ScatterSpanReader}), each
 * member serves its own store on the event bus ({@link StoreService}), and a member that leaves hands
 * its spans to the owners that stay ({@link DataHandoff}).
 */
public final class SpreadStore {
  private final Vertx vertx;
  private final String selfId;
  private final SpanStore local;
  private final SpreadMetrics metrics;
  private final TraceOwnerWriter writer;
  private final ScatterSpanReader reader;

  public SpreadStore(Vertx vertx, String selfId, SpanStore local, Supplier<List<String>> members, long timeoutMs,
      WeftMetrics metrics) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.local = local;
    this.metrics = new SpreadMetrics(metrics);
    this.writer = new TraceOwnerWriter(vertx, selfId, local, this.metrics, timeoutMs);
    this.reader = new ScatterSpanReader(vertx, members, timeoutMs, this.metrics);
  }

  /** Serves a store to the other members, without running their filter scans. */
  public static Future<Void> serve(Vertx vertx, String selfId, SpanStore local) {
    return serve(vertx, selfId, local, null);
  }

  /**
   * Serves this member's local store to the others; every clustered member does, whatever its
   * backend. {@code filters} compiles the trace filters of scans (TraceQL text).
   */
  public static Future<Void> serve(Vertx vertx, String selfId, SpanStore local, Function<String, TraceFilter> filters) {
    return StoreService.register(vertx, selfId, local, filters);
  }

  public SpanWriter writer() {
    return writer;
  }

  public SpanReader reader() {
    return reader;
  }

  /** The members that own traces now: the collectors of the current plan. */
  public void owners(List<String> collectorIds) {
    writer.owners(collectorIds);
  }

  /** Hands this member's spans to their owners among {@code collectorIds} (itself excluded); never fails. */
  public Future<Void> handOff(List<String> collectorIds, long deadlineNanos) {
    List<String> targets = collectorIds.stream().filter(id -> !id.equals(selfId)).toList();
    return DataHandoff.run(vertx, selfId, local, targets, metrics, deadlineNanos);
  }
}
