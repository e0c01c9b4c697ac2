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

  /**
   * A compaction commits the merged block, then marks its sources one by one: a listing between the two
   * must not show a source beside the block holding its spans (CI saw /health count 712 of 600 spans).
   */
  @Test
  void aMergedBlockHidesItsSourcesBeforeTheirMarkersAreWritten() {
    ColdKeys keys = new ColdKeys("p/");
    SteppedStore store = new SteppedStore();
    commit(store, keys, "b1", 0);
    commit(store, keys, "b2", WINDOW);
    commit(store, keys, "m", 0, 2 * WINDOW, List.of("b1", "b2"), 4);
    store.objects.put(keys.compacted("b1"), new byte[] {'{', '}'}); // b2's marker not written yet

    BlockList list = new BlockList(store, keys);
    assertTrue(list.refresh().succeeded());
    assertEquals(List.of("m"), list.visible().stream().map(BlockMeta::id).toList());
    assertEquals(4L, list.summary().get("spans"), "each span counted once");
    assertEquals(java.util.Map.of("b2", "m"), list.replacedUnmarked(), "left for the compactor to mark");
  }

  /** The compactor's order: data, then meta (the commit), then the handoff past the block's window. */
  private static void commit(SteppedStore store, ColdKeys keys, String id, long from) {
    commit(store, keys, id, from, from + WINDOW, List.of(), 2);
  }

  private static void commit(SteppedStore store, ColdKeys keys, String id, long from, long to, List<String> sources,
      long spans) {
    BlockMeta m = new BlockMeta(id, BlockMeta.FORMAT, from, to, from, from + 1, 1, spans, 10, 0, sources,
        0, List.of("svc"), List.of(), new BlockMeta.Sections(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    store.objects.put(keys.data(id), new byte[10]);
    store.objects.put(keys.meta(id), m.toJson());
    store.objects.put(keys.handoff(), BlockList.handoffBytes(to));
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
