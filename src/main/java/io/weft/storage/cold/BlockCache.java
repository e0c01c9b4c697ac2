package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The parsed parts of blocks a node has read (Bloom filters, page indexes, search columns, links), least
 * recently used dropped first once their estimated size passes the budget. A part is fetched with one
 * ranged read and parsed on a worker; concurrent asks for the same part share that read.
 */
final class BlockCache {
  private final ObjectStore objects;
  private final ColdKeys keys;
  private final WorkerExecutor workers;
  private final long budget;
  private final LinkedHashMap<String, Entry> lru = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<String, Future<?>> loading = new ConcurrentHashMap<>();
  private long bytes;

  private record Entry(Object value, long size) {}

  BlockCache(ObjectStore objects, ColdKeys keys, WorkerExecutor workers, long budget) {
    this.objects = objects;
    this.keys = keys;
    this.workers = workers;
    this.budget = budget;
  }

  Future<BloomFilter> bloom(BlockMeta m) {
    BlockMeta.Sections s = m.sections();
    return part(m, "bloom", s.bloomOffset(), s.bloomLength(),
        b -> BloomFilter.read(java.nio.ByteBuffer.wrap(b)), BloomFilter::sizeBytes);
  }

  Future<PageIndex> index(BlockMeta m) {
    BlockMeta.Sections s = m.sections();
    return part(m, "index", s.indexOffset(), s.indexLength(), b -> PageIndex.read(Zstds.decompress(b)),
        PageIndex::sizeBytes);
  }

  Future<BlockColumns> columns(BlockMeta m) {
    BlockMeta.Sections s = m.sections();
    return part(m, "columns", s.columnsOffset(), s.columnsLength(), b -> BlockColumns.read(Zstds.decompress(b)),
        BlockColumns::sizeBytes);
  }

  Future<BlockLinks> links(BlockMeta m) {
    BlockMeta.Sections s = m.sections();
    return part(m, "links", s.linksOffset(), s.linksLength(), b -> BlockLinks.read(Zstds.decompress(b), m),
        BlockLinks::sizeBytes);
  }

  /** One page, fetched (never cached: a trace read wants its page once) and decompressed on a worker. */
  Future<byte[]> page(BlockMeta m, PageIndex index, int page) {
    long offset = m.sections().pagesOffset() + index.offset(page);
    return objects.getRange(keys.data(m.id()), offset, index.length(page))
        .compose(b -> workers.executeBlocking(() -> Zstds.decompress(b, index.rawLength(page)), false));
  }

  /** Drops what is cached of blocks no longer listed. */
  synchronized void retain(java.util.Set<String> blockIds) {
    lru.entrySet().removeIf(e -> {
      boolean drop = !blockIds.contains(e.getKey().substring(0, e.getKey().lastIndexOf('#')));
      if (drop) {
        bytes -= e.getValue().size();
      }
      return drop;
    });
  }

  synchronized long bytes() {
    return bytes;
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> part(BlockMeta m, String name, long offset, int length, Function<byte[], T> parse,
      ToLongFunction<T> size) {
    String key = m.id() + "#" + name;
    synchronized (this) {
      Entry e = lru.get(key);
      if (e != null) {
        return Future.succeededFuture((T) e.value());
      }
    }
    Future<?> pending = loading.get(key);
    if (pending != null) {
      return (Future<T>) pending;
    }
    Future<T> load = objects.getRange(keys.data(m.id()), offset, length)
        .compose(b -> workers.executeBlocking(() -> parse.apply(b), false));
    Future<?> raced = loading.putIfAbsent(key, load);
    if (raced != null) {
      return (Future<T>) raced;
    }
    return load.onComplete(ar -> {
      loading.remove(key, load);
      if (ar.succeeded()) {
        put(key, ar.result(), size.applyAsLong(ar.result()));
      }
    });
  }

  private synchronized void put(String key, Object value, long size) {
    if (size > budget) {
      return;
    }
    Entry old = lru.put(key, new Entry(value, size));
    bytes += size - (old == null ? 0 : old.size());
    var it = lru.entrySet().iterator();
    while (bytes > budget && it.hasNext()) {
      bytes -= it.next().getValue().size();
      it.remove();
    }
  }
}
