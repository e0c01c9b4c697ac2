package io.weft.storage.archive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanStore;
import io.weft.storage.spread.SpreadStore;
import java.util.List;
import java.util.function.Supplier;

/**
 * The archive of a cluster with in-memory storage. Each member keeps an archive store of its own and
 * the archive is spread over the members exactly like the primary spans ({@link SpreadStore}), under
 * member ids of their own ({@code <member>.archive}, so its event-bus addresses never meet the primary
 * store's): an archived trace is written whole to one owner among the members that store spans, a read
 * asks every member, and a member leaving gracefully hands its archived traces to the owners that stay.
 */
public final class SpreadArchive {
  static final String SUFFIX = ".archive";

  private final Vertx vertx;
  private final String selfId;
  private final SpanStore local;
  private final SpreadStore spread;

  public SpreadArchive(Vertx vertx, String selfId, SpanStore local, Supplier<List<String>> members, long timeoutMs,
      WeftMetrics metrics) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.local = local;
    this.spread = new SpreadStore(vertx, selfId + SUFFIX, local, () -> ids(members.get()), timeoutMs, metrics);
  }

  /** This member's own archive store (the node's, not a tenant's). */
  public SpanStore local() {
    return local;
  }

  /** Reads and writes of the whole cluster's archive. */
  public ArchiveStore store() {
    return ArchiveStore.of(spread.writer(), spread.reader());
  }

  /** Serves this member's archive to the others; every member does, as it serves its primary store. */
  public Future<Void> serve() {
    return SpreadStore.serve(vertx, selfId + SUFFIX, local);
  }

  /** One tenant's archive, spread like its spans; {@code tenantLocal} is the tenant's archive on this member. */
  public ArchiveStore store(String tenant, SpanStore tenantLocal) {
    return ArchiveStore.of(spread.writer(tenant, tenantLocal), spread.reader(tenant));
  }

  /** Serves this member's archives per tenant ({@code archives.apply(null)}: its own); see {@link SpreadStore}. */
  public Future<Void> serve(java.util.function.Function<String, SpanStore> archives) {
    return SpreadStore.serve(vertx, selfId + SUFFIX, archives, null);
  }

  /** The members owning archived traces: those storing spans in the current plan. */
  public void owners(List<String> memberIds) {
    spread.owners(ids(memberIds));
  }

  /** Hands this member's archived traces to their owners among {@code memberIds}; never fails. */
  public Future<Void> handOff(List<String> memberIds, long deadlineNanos) {
    return spread.handOff(ids(memberIds), deadlineNanos);
  }

  /** The same, then each tenant's archived traces of {@code tenantArchives} (tenant → its archive here). */
  public Future<Void> handOff(List<String> memberIds, long deadlineNanos, java.util.Map<String, SpanStore> tenantArchives) {
    return spread.handOff(ids(memberIds), deadlineNanos, tenantArchives);
  }

  static List<String> ids(List<String> memberIds) {
    return memberIds.stream().map(id -> id + SUFFIX).toList();
  }
}
