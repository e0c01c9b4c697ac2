package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold tier of one node: the object store (S3 or a local folder), the list of visible blocks
 * (re-listed every {@code cold.poll-interval}), the cache of block parts, and the reader over them.
 * The compactor role adds the writing side ({@link Handoff}, {@link Compaction}, {@link Retention}),
 * all of which commit blocks here: data first, then the meta, so no reader sees half a block.
 */
public final class ColdStore {
  private static final Logger LOG = LoggerFactory.getLogger(ColdStore.class);
  /** Test hook: milliseconds to wait between writing a block's data and committing its meta. */
  static final String PAUSE_BEFORE_COMMIT = "weft.cold.pauseBeforeCommitMs";

  final Vertx vertx;
  final ColdSettings settings;
  final ObjectStore objects;
  final ColdKeys keys;
  final BlockList blocks;
  final BlockCache cache;
  final WorkerExecutor workers;
  final ColdMetrics metrics;
  final ColdReader reader;
  /** Null for the root (the layout under cold.prefix, as without tenancy); else the tenant these blocks are of. */
  final String tenant;
  private final Map<String, ColdStore> tenants = new ConcurrentHashMap<>();
  /** The root store: this one, or the one a tenant's was made by. */
  private final ColdStore root;
  private final AtomicBoolean lagGauge = new AtomicBoolean();
  private final long poller;

  private ColdStore(Vertx vertx, ColdSettings settings, ObjectStore objects, WorkerExecutor workers,
      WeftMetrics weftMetrics) {
    this(vertx, settings, objects, workers, new ColdMetrics(weftMetrics), settings.prefix(), null, null);
    weftMetrics.gauge("weft_cold_blocks", "visible blocks in the cold tier (every tenant's)",
        () -> all().stream().mapToInt(c -> c.blocks.visible().size()).sum());
    weftMetrics.gauge("weft_cold_bytes", "bytes of the visible cold blocks (every tenant's)",
        () -> all().stream().mapToLong(c -> (Long) c.blocks.summary().get("bytes")).sum());
    weftMetrics.gauge("weft_cold_cache_bytes", "cached block parts (cold.cache-bytes)",
        () -> all().stream().mapToLong(c -> c.cache.bytes()).sum());
    weftMetrics.gauge("weft_cold_reachable", "1 when the last listing of the object store succeeded",
        () -> all().stream().allMatch(c -> c.blocks.error() == null) ? 1 : 0);
  }

  /** The root (tenant null, under cold.prefix) or one tenant's cold tier under its prefix, sharing the root's objects. */
  private ColdStore(Vertx vertx, ColdSettings settings, ObjectStore objects, WorkerExecutor workers, ColdMetrics metrics,
      String prefix, String tenant, ColdStore root) {
    this.vertx = vertx;
    this.settings = settings;
    this.objects = objects;
    this.workers = workers;
    this.tenant = tenant;
    this.root = root == null ? this : root;
    this.keys = new ColdKeys(prefix);
    this.blocks = new BlockList(objects, keys);
    this.cache = new BlockCache(objects, keys, workers, settings.cacheBytes());
    this.metrics = metrics;
    this.reader = new ColdReader(blocks, cache, workers, settings, metrics);
    long poll = Math.max(1, settings.pollMicros() / 1000);
    this.poller = vertx.setPeriodic(poll, id -> refresh());
  }

  /** This store and every tenant's made so far. */
  private List<ColdStore> all() {
    List<ColdStore> out = new ArrayList<>(List.of(this));
    out.addAll(tenants.values());
    return out;
  }

  /**
   * A tenant's cold tier (made once, then kept): its blocks and {@code handoff.json} under
   * {@link ColdKeys#tenantPrefix}, in the same bucket through the same client and workers, kept for
   * {@code retentionMicros} (the tenant's retention), with {@code cacheBytes} of cache. It is listed every
   * poll interval, the first time by {@link #refreshTenants} (a node's start).
   */
  public ColdStore tenant(String tenant, long retentionMicros, long cacheBytes) {
    if (this.tenant != null) {
      throw new IllegalStateException("a tenant's cold tier has no tenants");
    }
    return tenants.computeIfAbsent(tenant, t -> new ColdStore(vertx, settings.forTenant(retentionMicros, cacheBytes),
        objects, workers, metrics, ColdKeys.tenantPrefix(settings.prefix(), t), t, this));
  }

  /** Lists every tenant's blocks once (a node's start waits for this, like for its own listing); never fails. */
  public Future<Void> refreshTenants() {
    return Future.join(tenants.values().stream().map(c -> c.refresh().onFailure(err -> LOG.warn(
        "cold storage of tenant {}: cannot list its blocks yet: {}", c.tenant, err.getMessage()))).toList())
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Opens the configured store, once its blocks were listed (or the listing failed): an unreachable store
   * is no error here (reads answer partially and the handoff waits until it returns).
   */
  public static Future<ColdStore> open(Vertx vertx, ColdSettings s, WeftMetrics metrics) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("weft-cold", 8, 2, TimeUnit.MINUTES);
    ObjectStore objects = s.type().equals("s3") ? new S3ObjectStore(s.s3(), workers)
        : new LocalObjectStore(Path.of(s.localDir()), workers);
    return open(vertx, s, objects, workers, metrics);
  }

  /** The cold tier over given objects and workers (which it closes). */
  public static Future<ColdStore> open(Vertx vertx, ColdSettings s, ObjectStore objects, WorkerExecutor workers,
      WeftMetrics metrics) {
    ColdStore store = new ColdStore(vertx, s, objects, workers, metrics);
    return store.refresh().onSuccess(v -> LOG.info("cold storage: {}, {} blocks", objects.describe(),
        store.blocks.visible().size())).transform(ar -> Future.succeededFuture(store));
  }

  /** Lists the blocks again (done every poll interval); fails when the store cannot be reached. */
  public Future<Void> refresh() {
    return blocks.refresh().onSuccess(v -> cache.retain(blocks.files().keySet()));
  }

  public ColdSettings settings() {
    return settings;
  }

  /** The reader of the cold blocks alone. */
  public SpanReader reader() {
    return reader;
  }

  /** Hot then cold: {@code hot} for what the handoff has not moved, both merged for the rest. */
  public SpanReader over(SpanReader hot) {
    return new TieredSpanReader(hot, reader, blocks::horizon, blocks::error, objects.describe(), metrics, workers);
  }

  private volatile CompactorWork work;

  /** Counts spans stored too late for the handoff ({@link LateSpanCounter}): a layer on what is stored. */
  public io.weft.storage.SpanWriter countLate(io.weft.storage.SpanWriter inner, WeftMetrics weftMetrics) {
    return new LateSpanCounter(inner, blocks::horizon, weftMetrics);
  }

  /** The handoff, compaction and retention of the compactor role over the hot store's reader: one per node. */
  public synchronized CompactorWork compactorWork(SpanReader hot, WeftMetrics weftMetrics) {
    if (work == null) {
      work = new CompactorWork(this, new Handoff(this, hot), new Compaction(this), new Retention(this));
      root.registerLagGauge(weftMetrics);
    }
    return work;
  }

  /** The handoff's lag on this node: the most any tenant's compactor work here is behind (registered with the first work). */
  private void registerLagGauge(WeftMetrics weftMetrics) {
    if (lagGauge.compareAndSet(false, true)) {
      weftMetrics.gauge("weft_cold_handoff_lag_seconds", "how far the handoff is behind (window ends older than "
          + "cold.after not yet in blocks; under tenancy the tenant furthest behind), on the node running the compactor",
          () -> all().stream().mapToDouble(c -> c.work == null ? 0 : c.work.lagSeconds()).max().orElse(0));
    }
  }

  /** Writes a block's data, then its meta: from then on it is visible (here at once, elsewhere at the next listing). */
  Future<BlockMeta> commit(BlockWriter.Built block) {
    BlockMeta m = block.meta();
    return objects.put(keys.data(m.id()), block.data()).compose(v -> pauseForTests(m)).compose(v ->
        objects.put(keys.meta(m.id()), m.toJson())).map(v -> {
          blocks.added(m);
          metrics.blockWritten(m);
          return m;
        });
  }

  private Future<Void> pauseForTests(BlockMeta m) {
    long ms = Long.getLong(PAUSE_BEFORE_COMMIT, 0L);
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    LOG.info("cold: block {} data written, pausing {} ms before its commit ({})", m.id(), ms, PAUSE_BEFORE_COMMIT);
    return vertx.timer(ms).mapEmpty();
  }

  /** Builds a block on a worker (CPU-bound). */
  Future<BlockWriter.Built> build(String id, long from, long to, int level, List<String> sources,
      List<EncodedTrace> traces) {
    long now = System.currentTimeMillis() * 1000;
    return workers.executeBlocking(() -> new BlockWriter(settings.zstdLevel()).write(id, from, to, level, sources,
        traces, now), false);
  }

  /** The /health part: where, whether reachable, visible blocks, and the handoff's horizon. */
  public JsonObject health() {
    JsonObject h = new JsonObject().put("type", settings.type()).put("store", objects.describe())
        .put("reachable", blocks.error() == null);
    if (blocks.error() != null) {
      h.put("error", blocks.error());
    }
    blocks.summary().forEach(h::put);
    long horizon = blocks.horizon();
    if (horizon != Long.MIN_VALUE) {
      h.put("handedOffUntil", java.time.Instant.ofEpochMilli(horizon / 1000).toString());
    }
    if (!tenants.isEmpty()) {
      JsonObject byTenant = new JsonObject();
      new java.util.TreeMap<>(tenants).forEach((t, c) -> {
        JsonObject th = c.health();
        th.remove("type");
        th.remove("store");
        byTenant.put(t, th.put("prefix", c.keys.prefix()));
      });
      h.put("tenants", byTenant);
    }
    return h;
  }

  /** Stops listing; the root also closes the object store and workers it shares with its tenants'. */
  public Future<Void> close() {
    vertx.cancelTimer(poller);
    if (root != this) {
      return Future.succeededFuture();
    }
    tenants.values().forEach(ColdStore::close);
    return objects.close().eventually(workers::close);
  }
}
