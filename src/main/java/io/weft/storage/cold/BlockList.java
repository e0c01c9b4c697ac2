package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocks a node can read: listed from the object store (every {@code cold.poll-interval}, and at once
 * after this node commits or replaces a block), each with its meta read once. Visible: a block with its
 * {@code meta.json} and no {@code compacted.json}. Also the handoff's progress (its horizon: every trace
 * starting before it is in blocks), and whether the last listing reached the store.
 */
final class BlockList {
  private static final Logger LOG = LoggerFactory.getLogger(BlockList.class);

  private final ObjectStore objects;
  private final ColdKeys keys;
  private final Map<String, BlockMeta> metas = new ConcurrentHashMap<>();
  private volatile List<BlockMeta> visible = List.of();
  private volatile Map<String, String> replaced = Map.of();
  private volatile Map<String, Set<String>> files = Map.of();
  private volatile long horizon = Long.MIN_VALUE;
  private volatile String error = "not listed yet";
  private volatile long listedAtMillis;

  BlockList(ObjectStore objects, ColdKeys keys) {
    this.objects = objects;
    this.keys = keys;
  }

  /**
   * Lists the store again; fails (keeping the last view) when it cannot be reached. The handoff is read
   * before the listing: it is written after its blocks' commits, so a horizon read first never runs ahead
   * of the blocks listed (read after, it could name a block the listing missed).
   */
  Future<Void> refresh() {
    long started = System.nanoTime();
    return objects.get(keys.handoff()).compose(handoff -> objects.list(keys.blocks()).compose(list -> {
      Map<String, Set<String>> byBlock = new TreeMap<>();
      for (String k : list) {
        String id = keys.blockOf(k);
        if (id != null) {
          byBlock.computeIfAbsent(id, x -> new TreeSet<>()).add(ColdKeys.fileOf(k));
        }
      }
      List<Future<BlockMeta>> reads = new ArrayList<>();
      for (Map.Entry<String, Set<String>> e : byBlock.entrySet()) {
        if (isVisible(e.getValue()) && !metas.containsKey(e.getKey())) {
          reads.add(readMeta(e.getKey()));
        }
      }
      return Future.all(reads).map(x -> {
        List<BlockMeta> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : byBlock.entrySet()) {
          BlockMeta m = metas.get(e.getKey());
          if (m != null && isVisible(e.getValue())) {
            out.add(m);
          }
        }
        synchronized (this) {
          // Commits and removals by this node after the listing began are newer than it.
          local.values().removeIf(c -> c.nanos - started < 0);
          for (Map.Entry<String, Change> c : local.entrySet()) {
            out.removeIf(b -> b.id().equals(c.getKey()));
            if (c.getValue().meta != null) {
              out.add(c.getValue().meta);
            }
          }
          metas.keySet().removeIf(id -> !byBlock.containsKey(id) && !local.containsKey(id));
          replaced = hideReplaced(out);
          out.sort(NEWEST_FIRST);
          visible = List.copyOf(out);
        }
        files = byBlock;
        horizon = Math.max(horizon, handoff == null ? Long.MIN_VALUE : until(handoff));
        error = null;
        listedAtMillis = System.currentTimeMillis();
        return (Void) null;
      });
    })).onFailure(err -> {
      if (error == null) {
        LOG.warn("cold storage ({}) cannot be listed: {}", objects.describe(), err.getMessage());
      }
      error = String.valueOf(err.getMessage());
    });
  }

  private Future<BlockMeta> readMeta(String id) {
    return objects.get(keys.meta(id)).map(b -> {
      if (b == null) {
        return null; // deleted meanwhile
      }
      BlockMeta m = BlockMeta.fromJson(b);
      metas.put(id, m);
      return m;
    });
  }

  /**
   * Takes out of {@code out} the blocks that a block in it merged (its meta names them as sources) but
   * whose {@code compacted.json} marker is not written yet: the merged block holds their spans, so
   * showing both would count them twice (in /health) and read them twice. Returns them, source to merged
   * block, for the compactor to mark.
   */
  private static Map<String, String> hideReplaced(List<BlockMeta> out) {
    Set<String> ids = new HashSet<>();
    out.forEach(m -> ids.add(m.id()));
    Map<String, String> sources = new HashMap<>();
    for (BlockMeta m : out) {
      for (String src : m.sources()) {
        if (ids.contains(src)) {
          sources.put(src, m.id());
        }
      }
    }
    out.removeIf(b -> sources.containsKey(b.id()));
    return Map.copyOf(sources);
  }

  /** Blocks a visible merged block replaced, still without their marker (source id to merged block id). */
  Map<String, String> replacedUnmarked() {
    return replaced;
  }

  static boolean isVisible(Set<String> files) {
    return files.contains(ColdKeys.META) && !files.contains(ColdKeys.COMPACTED);
  }

  static final Comparator<BlockMeta> NEWEST_FIRST = Comparator.comparingLong(BlockMeta::maxStart).reversed()
      .thenComparing(BlockMeta::id);

  private record Change(long nanos, BlockMeta meta) {}

  /** This node's own commits (meta) and removals (null) not yet seen by a listing. */
  private final Map<String, Change> local = new HashMap<>();

  /** A block this node has just committed: visible here at once, before the next listing. */
  synchronized void added(BlockMeta m) {
    local.put(m.id(), new Change(System.nanoTime(), m));
    metas.put(m.id(), m);
    List<BlockMeta> out = new ArrayList<>(visible);
    out.removeIf(b -> b.id().equals(m.id()) || m.sources().contains(b.id()));
    out.add(m);
    out.sort(NEWEST_FIRST);
    visible = List.copyOf(out);
  }

  /** Blocks this node has just replaced or deleted. */
  synchronized void removed(Set<String> ids) {
    long now = System.nanoTime();
    ids.forEach(id -> local.put(id, new Change(now, null)));
    List<BlockMeta> out = new ArrayList<>(visible);
    out.removeIf(b -> ids.contains(b.id()));
    visible = List.copyOf(out);
    Map<String, String> unmarked = new HashMap<>(replaced);
    unmarked.keySet().removeAll(ids);
    replaced = Map.copyOf(unmarked);
  }

  void horizon(long until) {
    horizon = Math.max(horizon, until);
  }

  /** Visible blocks, newest first. */
  List<BlockMeta> visible() {
    return visible;
  }

  /** Every block id of the last listing with its files (data, meta.json, compacted.json). */
  Map<String, Set<String>> files() {
    return files;
  }

  /** Every trace starting before this is in blocks; {@code Long.MIN_VALUE} before the first handoff. */
  long horizon() {
    return horizon;
  }

  /** Why the last listing failed, or null when it succeeded. */
  String error() {
    return error;
  }

  long listedAtMillis() {
    return listedAtMillis;
  }

  Map<String, Object> summary() {
    long bytes = 0;
    long spans = 0;
    for (BlockMeta m : visible) {
      bytes += m.bytes();
      spans += m.spans();
    }
    Map<String, Object> out = new HashMap<>();
    out.put("blocks", visible.size());
    out.put("bytes", bytes);
    out.put("spans", spans);
    return out;
  }

  static byte[] handoffBytes(long until) {
    return new JsonObject().put("until", until).encode().getBytes(StandardCharsets.UTF_8);
  }

  static long until(byte[] handoff) {
    return new JsonObject(new String(handoff, StandardCharsets.UTF_8)).getLong("until");
  }
}
