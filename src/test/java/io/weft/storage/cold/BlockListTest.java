package io.weft.storage.cold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A compactor commits a block and moves the handoff while another node's listing is under way. The
 * listing's horizon must never pass the blocks it saw: readers take traces before the horizon from the
 * cold tier only, so a horizon ahead of the list hides a block's traces (CI saw /health report 574 of
 * 600 spans with the horizon already past them).
 */
class BlockListTest {
  static final long WINDOW = 600_000_000L;

  @Test
  void aCommitDuringTheListingNeverPutsTheHorizonPastTheBlocksListed() {
    ColdKeys keys = new ColdKeys("p/");
    SteppedStore store = new SteppedStore();
    commit(store, keys, "b1", 0);
    // Between the listing's first read and the rest of it, the compactor commits b2 and moves the handoff.
    store.afterFirstAnswer = () -> commit(store, keys, "b2", WINDOW);

    BlockList list = new BlockList(store, keys);
    assertTrue(list.refresh().succeeded());

    long covered = list.visible().stream().mapToLong(BlockMeta::windowTo).max().orElse(Long.MIN_VALUE);
    assertTrue(list.horizon() <= covered,
        "horizon " + list.horizon() + " within the blocks listed (up to " + covered + ")");
    assertTrue(list.refresh().succeeded());
    assertEquals(List.of("b2", "b1"), list.visible().stream().map(BlockMeta::id).toList(), "the next listing sees both");
    assertEquals(2 * WINDOW, list.horizon());
  }

  /** The compactor's order: data, then meta (the commit), then the handoff past the block's window. */
  private static void commit(SteppedStore store, ColdKeys keys, String id, long from) {
    BlockMeta m = new BlockMeta(id, BlockMeta.FORMAT, from, from + WINDOW, from, from + 1, 1, 2, 10, 0, List.of(),
        0, List.of("svc"), List.of(), new BlockMeta.Sections(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    store.objects.put(keys.data(id), new byte[10]);
    store.objects.put(keys.meta(id), m.toJson());
    store.objects.put(keys.handoff(), BlockList.handoffBytes(from + WINDOW));
  }

  /** An object store in memory that runs a change right after answering its first call. */
  private static final class SteppedStore implements ObjectStore {
    final TreeMap<String, byte[]> objects = new TreeMap<>();
    Runnable afterFirstAnswer;

    private <T> Future<T> answer(T value) {
      Runnable r = afterFirstAnswer;
      afterFirstAnswer = null;
      if (r != null) {
        r.run();
      }
      return Future.succeededFuture(value);
    }

    @Override
    public Future<Void> put(String key, byte[] data) {
      objects.put(key, data);
      return answer(null);
    }

    @Override
    public Future<byte[]> get(String key) {
      return answer(objects.get(key));
    }

    @Override
    public Future<byte[]> getRange(String key, long offset, int length) {
      return Future.failedFuture("not used");
    }

    @Override
    public Future<List<String>> list(String prefix) {
      return answer(new ArrayList<>(objects.subMap(prefix, prefix + Character.MAX_VALUE).keySet()));
    }

    @Override
    public Future<Void> delete(List<String> keys) {
      keys.forEach(objects::remove);
      return answer(null);
    }

    @Override
    public String describe() {
      return "memory";
    }
  }
}
