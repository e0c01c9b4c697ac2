package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.wire.SpanBinaryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the blocks of one {@code cold.compaction-window} (once the handoff has passed its end) into
 * fewer, larger blocks of at most {@code cold.block-max-spans} spans; a span found in several of them
 * is kept once, and a trace's parts become one. The merged block is committed (data, then meta, which
 * names its sources); then each source gets a {@code compacted.json} marker, which hides it, and
 * {@link Retention} deletes it later. A crash before the merged meta leaves the sources as they were
 * (the half-written data is invisible and rewritten under the same id); a crash after it leaves both
 * visible, which reads tolerate (a span counts once), and the next run marks the sources.
 */
final class Compaction {
  private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);
  private final ColdStore cold;
  private final ColdSettings s;

  Compaction(ColdStore cold) {
    this.cold = cold;
    this.s = cold.settings;
  }

  /** Runs the compactions due now, one after the other; the number of blocks merged away. */
  Future<Integer> run() {
    List<BlockMeta> visible = cold.blocks.visible();
    Future<Integer> chain = finishMarking(cold.blocks.replacedUnmarked());
    for (List<BlockMeta> group : plan(visible, cold.blocks.horizon(), s)) {
      chain = chain.compose(n -> merge(group).map(x -> n + group.size()));
    }
    return chain;
  }

  /** Sources of a committed merge still without their marker (a crash before them): mark them now. */
  private Future<Integer> finishMarking(Map<String, String> replaced) {
    if (replaced.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Map<String, List<String>> byMerged = new TreeMap<>();
    replaced.forEach((src, merged) -> byMerged.computeIfAbsent(merged, k -> new ArrayList<>()).add(src));
    Future<Integer> chain = Future.succeededFuture(0);
    for (Map.Entry<String, List<String>> e : byMerged.entrySet()) {
      chain = chain.compose(n -> mark(e.getValue(), e.getKey()).map(n + e.getValue().size()));
    }
    return chain;
  }

  /** Groups to merge: per compaction window already handed off, runs of blocks up to the span limit. */
  static List<List<BlockMeta>> plan(List<BlockMeta> visible, long horizon, ColdSettings s) {
    Map<Long, List<BlockMeta>> byWindow = new TreeMap<>();
    for (BlockMeta m : visible) {
      long w = Math.floorDiv(m.windowFrom(), s.compactionWindowMicros());
      long end = (w + 1) * s.compactionWindowMicros();
      if (horizon != Long.MIN_VALUE && end <= horizon && m.windowTo() <= end) {
        byWindow.computeIfAbsent(w, k -> new ArrayList<>()).add(m);
      }
    }
    List<List<BlockMeta>> out = new ArrayList<>();
    for (List<BlockMeta> blocks : byWindow.values()) {
      blocks.sort(Comparator.comparingLong(BlockMeta::windowFrom).thenComparing(BlockMeta::id));
      List<BlockMeta> run = new ArrayList<>();
      long spans = 0;
      for (BlockMeta m : blocks) {
        if (!run.isEmpty() && spans + m.spans() > s.blockMaxSpans()) {
          if (run.size() > 1) {
            out.add(run);
          }
          run = new ArrayList<>();
          spans = 0;
        }
        run.add(m);
        spans += m.spans();
      }
      if (run.size() > 1) {
        out.add(run);
      }
    }
    return out;
  }

  static String blockId(List<BlockMeta> sources) {
    long from = sources.stream().mapToLong(BlockMeta::windowFrom).min().orElseThrow();
    long to = sources.stream().mapToLong(BlockMeta::windowTo).max().orElseThrow();
    List<String> ids = sources.stream().map(BlockMeta::id).sorted().toList();
    return String.format("c%d-%d-%08x", from, to - from, String.join(",", ids).hashCode());
  }

  private Future<Void> merge(List<BlockMeta> sources) {
    String id = blockId(sources);
    long from = sources.stream().mapToLong(BlockMeta::windowFrom).min().orElseThrow();
    long to = sources.stream().mapToLong(BlockMeta::windowTo).max().orElseThrow();
    int level = sources.stream().mapToInt(BlockMeta::level).max().orElseThrow() + 1;
    List<String> ids = sources.stream().map(BlockMeta::id).sorted().toList();
    List<Future<byte[]>> reads = new ArrayList<>();
    for (BlockMeta m : sources) {
      BlockMeta.Sections sec = m.sections();
      reads.add(cold.objects.getRange(cold.keys.data(m.id()), sec.pagesOffset(), (int) sec.pagesLength()));
    }
    List<Future<PageIndex>> indexes = sources.stream().map(cold.cache::index).toList();
    long[] duplicates = new long[1];
    return Future.all(Future.all(reads), Future.all(indexes))
        .compose(x -> cold.workers.executeBlocking(() -> {
          List<EncodedTrace> merged = mergeTraces(sources, reads, indexes, duplicates);
          return merged;
        }, false))
        .compose(traces -> cold.build(id, from, to, level, ids, traces))
        .compose(cold::commit)
        .compose(m -> mark(ids, m.id()))
        .onSuccess(v -> {
          cold.metrics.compacted(duplicates[0]);
          LOG.info("cold: merged {} blocks into {} ({} duplicate spans removed)", ids.size(), id, duplicates[0]);
        });
  }

  private static List<EncodedTrace> mergeTraces(List<BlockMeta> sources, List<Future<byte[]>> reads,
      List<Future<PageIndex>> indexes, long[] duplicates) {
    Map<TraceId, List<byte[]>> byTrace = new LinkedHashMap<>();
    for (int b = 0; b < sources.size(); b++) {
      byte[] pages = reads.get(b).result();
      PageIndex index = indexes.get(b).result();
      for (int p = 0; p < index.pages(); p++) {
        byte[] compressed = java.util.Arrays.copyOfRange(pages, (int) index.offset(p),
            (int) index.offset(p) + index.length(p));
        byte[] raw = Zstds.decompress(compressed, index.rawLength(p));
        ByteSource in = new ByteSource(raw);
        while (in.hasMore()) {
          int len = in.count();
          int at = in.position();
          in.skip(len);
          TraceId id = SpanBinaryCodec.firstTraceId(raw, at, len);
          byTrace.computeIfAbsent(id, k -> new ArrayList<>()).add(java.util.Arrays.copyOfRange(raw, at, at + len));
        }
      }
    }
    List<EncodedTrace> out = new ArrayList<>(byTrace.size());
    for (List<byte[]> parts : byTrace.values()) {
      LinkedHashSet<Span> spans = new LinkedHashSet<>();
      long seen = 0;
      for (byte[] part : parts) {
        List<Span> decoded = SpanBinaryCodec.decode(part);
        seen += decoded.size();
        spans.addAll(decoded);
      }
      duplicates[0] += seen - spans.size();
      out.add(EncodedTrace.of(new ArrayList<>(spans)));
    }
    return out;
  }

  /** Hides the sources behind the merged block: a marker each, then out of this node's list at once. */
  private Future<Void> mark(List<String> ids, String by) {
    byte[] marker = new JsonObject().put("by", by).put("at", System.currentTimeMillis() * 1000).encode()
        .getBytes(StandardCharsets.UTF_8);
    List<Future<Void>> puts = new ArrayList<>();
    for (String src : ids) {
      puts.add(cold.objects.put(cold.keys.compacted(src), marker));
    }
    return Future.all(puts).<Void>mapEmpty().onSuccess(v -> cold.blocks.removed(new HashSet<>(ids)));
  }
}
