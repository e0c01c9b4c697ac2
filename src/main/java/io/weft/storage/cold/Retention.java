package io.weft.storage.cold;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what readers no longer need: blocks whose newest trace started before {@code cold.retention}
 * (meta first, so the block vanishes before its data); blocks a compaction replaced, a grace period after
 * they were hidden (a reader that listed them may still be reading); and data a crashed writer left without
 * a meta, once seen so on two rounds a grace period apart (the writer taking over rewrites such a block
 * under the same id first, if it still matters).
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private final ColdStore cold;
  private final Map<String, Long> seenUnfinished = new HashMap<>();
  private final Map<String, Long> seenReplaced = new HashMap<>();

  Retention(ColdStore cold) {
    this.cold = cold;
  }

  /** How long replaced or unfinished blocks stay: two listing intervals, at least a minute. */
  long graceMillis() {
    return Math.max(60_000, 2 * cold.settings.pollMicros() / 1000);
  }

  /** One pass at {@code nowMicros}; the number of blocks deleted. */
  Future<Integer> run(long nowMicros) {
    long cutoff = nowMicros - cold.settings.retentionMicros();
    long nowMs = nowMicros / 1000;
    List<String> expired = new ArrayList<>();
    for (BlockMeta m : cold.blocks.visible()) {
      if (m.maxStart() < cutoff) {
        expired.add(m.id());
      }
    }
    List<String> leftovers = new ArrayList<>();
    Map<String, Set<String>> files = cold.blocks.files();
    seenUnfinished.keySet().retainAll(files.keySet());
    seenReplaced.keySet().retainAll(files.keySet());
    for (Map.Entry<String, Set<String>> e : files.entrySet()) {
      Set<String> f = e.getValue();
      Map<String, Long> seen = f.contains(ColdKeys.COMPACTED) ? seenReplaced : !f.contains(ColdKeys.META)
          ? seenUnfinished : null;
      if (seen != null && nowMs - seen.computeIfAbsent(e.getKey(), k -> nowMs) >= graceMillis()) {
        leftovers.add(e.getKey());
      }
    }
    return delete(expired, files).compose(v -> delete(leftovers, files)).map(v -> {
      if (!expired.isEmpty() || !leftovers.isEmpty()) {
        LOG.info("cold: deleted {} blocks past retention, {} replaced or unfinished", expired.size(), leftovers.size());
        cold.metrics.deleted(expired.size() + leftovers.size());
      }
      return expired.size() + leftovers.size();
    });
  }

  private Future<Void> delete(List<String> ids, Map<String, Set<String>> files) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> metas = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String id : ids) {
      metas.add(cold.keys.meta(id));
      for (String f : files.getOrDefault(id, Set.of(ColdKeys.DATA))) {
        if (!f.equals(ColdKeys.META)) {
          rest.add(cold.keys.blocks() + id + "/" + f);
        }
      }
    }
    return cold.objects.delete(metas).onSuccess(v -> cold.blocks.removed(new HashSet<>(ids)))
        .compose(v -> cold.objects.delete(rest)).onSuccess(v -> {
          ids.forEach(seenUnfinished::remove);
          ids.forEach(seenReplaced::remove);
        });
  }
}
