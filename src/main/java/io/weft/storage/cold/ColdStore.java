package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private final long poller;

  private ColdStore(Vertx vertx, ColdSettings settings, ObjectStore objects, WorkerExecutor workers,
      WeftMetrics weftMetrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.objects = objects;
    this.workers = workers;
    this.keys = new ColdKeys(settings.prefix());
    this.blocks = new BlockList(objects, keys);
    this.cache = new BlockCache(objects, keys, workers, settings.cacheBytes());
    this.metrics = new ColdMetrics(weftMetrics);
    this.reader = new ColdReader(blocks, cache, workers, settings, metrics);
    weftMetrics.gauge("weft_cold_blocks", "visible blocks in the cold tier", () -> blocks.visible().size());
    weftMetrics.gauge("weft_cold_bytes", "bytes of the visible cold blocks",
        () -> (Number) blocks.summary().get("bytes"));
    weftMetrics.gauge("weft_cold_cache_bytes", "cached block parts (cold.cache-bytes)", cache::bytes);
    weftMetrics.gauge("weft_cold_reachable", "1 when the last listing of the object store succeeded",
        () -> blocks.error() == null ? 1 : 0);
    long poll = Math.max(1, settings.pollMicros() / 1000);
    this.poller = vertx.setPeriodic(poll, id -> refresh());
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

  /** The reader of the cold blocks alone. */
  public SpanReader reader() {
    return reader;
  }

  /** Hot then cold: {@code hot} for what the handoff has not moved, both merged for the rest. */
  public SpanReader over(SpanReader hot) {
    return new TieredSpanReader(hot, reader, blocks::horizon, blocks::error, objects.describe(), metrics, workers);
  }

  private CompactorWork work;

  /** Counts spans stored too late for the handoff ({@link LateSpanCounter}): a layer on what is stored. */
  public io.weft.storage.SpanWriter countLate(io.weft.storage.SpanWriter inner, WeftMetrics weftMetrics) {
    return new LateSpanCounter(inner, blocks::horizon, weftMetrics);
  }

  /** The handoff, compaction and retention of the compactor role over the hot store's reader: one per node. */
  public synchronized CompactorWork compactorWork(SpanReader hot, WeftMetrics weftMetrics) {
    if (work == null) {
      work = new CompactorWork(this, new Handoff(this, hot, weftMetrics), new Compaction(this), new Retention(this));
    }
    return work;
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
    return h;
  }

  public Future<Void> close() {
    vertx.cancelTimer(poller);
    return objects.close().eventually(workers::close);
  }
}
