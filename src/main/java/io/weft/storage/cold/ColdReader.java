package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.DependencyLinker;
import io.weft.storage.SpanReader;
import io.weft.storage.ScanResult;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads the cold tier's visible blocks. A trace by id: each block's Bloom filter (cached), then its page
 * index (cached), then one ranged read of the one page that can hold it; the parts found in several
 * blocks are merged. Services, operations: from the blocks' metas. Dependencies: from the blocks' link
 * sections. Search and the query language's scans: {@link ColdSearch}.
 */
final class ColdReader implements SpanReader {
  private final BlockList blocks;
  private final BlockCache cache;
  private final WorkerExecutor workers;
  private final ColdSettings settings;
  private final ColdMetrics metrics;

  ColdReader(BlockList blocks, BlockCache cache, WorkerExecutor workers, ColdSettings settings, ColdMetrics metrics) {
    this.blocks = blocks;
    this.cache = cache;
    this.workers = workers;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public Future<List<Span>> getTrace(TraceId id) {
    List<Future<List<Span>>> parts = new ArrayList<>();
    long hash = BloomFilter.hash(id);
    for (BlockMeta m : blocks.visible()) {
      parts.add(cache.bloom(m).compose(bloom -> bloom.mightContain(hash) ? traceIn(m, id) : Future.succeededFuture(List.of())));
    }
    return Future.all(parts).map(cf -> {
      List<List<Span>> found = new ArrayList<>();
      for (Future<List<Span>> f : parts) {
        found.add(f.result());
      }
      return Spans.merge(found);
    });
  }

  /** The trace's spans in one block: its page, read once. */
  Future<List<Span>> traceIn(BlockMeta m, TraceId id) {
    return cache.index(m).compose(index -> {
      int page = index.pageOf(id);
      if (page < 0) {
        return Future.succeededFuture(List.of());
      }
      metrics.pageRead(index.length(page));
      return cache.page(m, index, page).compose(raw -> workers.executeBlocking(() -> find(raw, id), false));
    });
  }

  /** The rows of {@code id} in an uncompressed page: length-prefixed span messages, one per trace. */
  static List<Span> find(byte[] raw, TraceId id) {
    ByteSource in = new ByteSource(raw);
    while (in.hasMore()) {
      int len = in.count();
      int at = in.position();
      in.skip(len);
      if (id.equals(SpanBinaryCodec.firstTraceId(raw, at, len))) {
        return SpanBinaryCodec.decode(raw, at, len);
      }
    }
    return List.of();
  }

  @Override
  public Future<List<String>> getServices() {
    TreeSet<String> names = new TreeSet<>();
    for (BlockMeta m : blocks.visible()) {
      for (String s : m.services()) {
        if (!s.isEmpty()) {
          names.add(s);
        }
      }
    }
    return Future.succeededFuture(List.copyOf(names));
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    TreeSet<Operation> ops = new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
    boolean anyKind = spanKind == null || spanKind.isEmpty();
    for (BlockMeta m : blocks.visible()) {
      for (Operation o : m.operationsOf(service)) {
        if (!o.name().isEmpty() && (anyKind || o.spanKind().equals(spanKind))) {
          ops.add(o);
        }
      }
    }
    return Future.succeededFuture(List.copyOf(ops));
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return new ColdSearch(blocks.visible(), cache, workers, settings, metrics, query).run();
  }

  /** A query-language scan: pruned as a search by its candidates, each candidate tested on a worker. */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return new ColdSearch(blocks.visible(), cache, workers, settings, metrics, scan).runScan();
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    long from = endMicros - lookbackMicros;
    List<Future<BlockLinks>> reads = new ArrayList<>();
    for (BlockMeta m : blocks.visible()) {
      if (m.traces() > 0 && m.overlaps(Math.floorDiv(from, 1_000_000L) * 1_000_000L, endMicros)) {
        reads.add(cache.links(m));
      }
    }
    return Future.all(reads).map(cf -> {
      DependencyLinker linker = new DependencyLinker();
      for (Future<BlockLinks> f : reads) {
        f.result().addTo(linker, from, endMicros);
      }
      return linker.links();
    });
  }
}
