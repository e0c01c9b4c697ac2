package io.weft.storage.spread;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import io.weft.storage.TraceFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A node-local store (memory) spread over a cluster: each trace is written to the collector member
 * that owns it ({@link TraceOwnerWriter}), reads ask every member ({@link ScatterSpanReader}), each
 * member serves its own store on the event bus ({@link StoreService}), and a member that leaves hands
 * its spans to the owners that stay ({@link DataHandoff}).
 *
 * <p>Under tenancy each tenant has a store of its own on every member: its writer and reader
 * ({@link #writer(String, SpanStore)}, {@link #reader(String)}) name the tenant in every message, the
 * members serve each tenant's store apart ({@link #serve(Vertx, String, Function, Function)}), and a
 * leaving member hands each tenant's spans over as that tenant's ({@link #handOff(List, long, Map)}).
 */
public final class SpreadStore {
  private final Vertx vertx;
  private final String selfId;
  private final SpanStore local;
  private final Supplier<List<String>> members;
  private final long timeoutMs;
  private final SpreadMetrics metrics;
  private final TraceOwnerWriter writer;
  private final ScatterSpanReader reader;
  private final Map<String, TraceOwnerWriter> tenantWriters = new ConcurrentHashMap<>();
  private volatile List<String> owners = List.of();

  public SpreadStore(Vertx vertx, String selfId, SpanStore local, Supplier<List<String>> members, long timeoutMs,
      WeftMetrics metrics) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.local = local;
    this.members = members;
    this.timeoutMs = timeoutMs;
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

  /**
   * Serves this member's stores per tenant: {@code stores.apply(tenant)} for a tenant's requests,
   * {@code stores.apply(null)} for the node's own; it throws for a tenant refused here.
   */
  public static Future<Void> serve(Vertx vertx, String selfId, Function<String, SpanStore> stores,
      Function<String, TraceFilter> filters) {
    return StoreService.register(vertx, selfId, stores, filters);
  }

  public SpanWriter writer() {
    return writer;
  }

  public SpanReader reader() {
    return reader;
  }

  /** Writes of one tenant's spans, placed like the others; {@code tenantLocal} is the tenant's store on this member. */
  public SpanWriter writer(String tenant, SpanStore tenantLocal) {
    TraceOwnerWriter w = tenantWriters.computeIfAbsent(tenant,
        t -> new TraceOwnerWriter(vertx, selfId, tenantLocal, metrics, timeoutMs, t));
    w.owners(owners); // after it is in the map: a plan arriving meanwhile reaches it either way
    return w;
  }

  /** Reads of one tenant's spans: every member answers from its store of that tenant only. */
  public SpanReader reader(String tenant) {
    return new ScatterSpanReader(vertx, members, timeoutMs, metrics, tenant);
  }

  /** The members that own traces now: the collectors of the current plan. */
  public void owners(List<String> collectorIds) {
    owners = List.copyOf(collectorIds);
    writer.owners(collectorIds);
    tenantWriters.values().forEach(w -> w.owners(collectorIds));
  }

  /** Hands this member's spans to their owners among {@code collectorIds} (itself excluded); never fails. */
  public Future<Void> handOff(List<String> collectorIds, long deadlineNanos) {
    return handOff(collectorIds, deadlineNanos, Map.of());
  }

  /**
   * Hands this member's own spans, then each tenant's of {@code tenantStores} (tenant → its store here), to
   * their owners among {@code collectorIds}, each tenant's as that tenant's; never fails.
   */
  public Future<Void> handOff(List<String> collectorIds, long deadlineNanos, Map<String, SpanStore> tenantStores) {
    List<String> targets = collectorIds.stream().filter(id -> !id.equals(selfId)).toList();
    Future<Void> done = DataHandoff.run(vertx, selfId, local, targets, metrics, deadlineNanos);
    for (Map.Entry<String, SpanStore> e : new java.util.TreeMap<>(tenantStores).entrySet()) {
      done = done.compose(v -> DataHandoff.run(vertx, selfId, e.getValue(), targets, metrics, deadlineNanos, e.getKey()));
    }
    return done;
  }
}
