package io.weft.storage.memory;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.spanmetrics.Delta;
import io.weft.storage.SeriesStore;
import io.weft.storage.SeriesStoreContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySeriesStoreTest extends SeriesStoreContract {
  @Override
  protected SeriesStore store() {
    return new MemorySeriesStore(64 << 20, 7 * 86_400_000L, System::currentTimeMillis);
  }

  @Test
  void theOldestBucketsGoFirstPastTheByteBoundAndLateOnesAreCounted() {
    MemorySeriesStore small = new MemorySeriesStore(4000, 7 * 86_400_000L, System::currentTimeMillis);
    for (int i = 0; i < 40; i++) {
      small.apply(delta("w", i, bucket(t0 + i * STEP, key("api", "/a", false), cell(1000, 50))));
    }
    assertTrue(small.bytes() <= 4000, "bounded: " + small.bytes());
    assertTrue(small.evictedBuckets() > 0);
    long first = await(small.series(List.of(prefix + "api"), 0, Long.MAX_VALUE)).firstKey();
    assertTrue(first > t0, "the oldest went first");
    small.apply(delta("w", 99, bucket(t0, key("api", "/a", false), cell(1000, 1))));
    assertEquals(1, small.lateBuckets(), "a bucket older than what is kept is not taken back in");
  }

  @Test
  void aSnapshotRestoredElsewhereHoldsTheSameAndKnowsItsDeltas() {
    MemorySeriesStore a = (MemorySeriesStore) store();
    Delta d = delta("w", 1, bucket(t0, key("api", "/a", false), cell(1000, 10)));
    a.apply(d);
    MemorySeriesStore b = (MemorySeriesStore) store();
    b.restore(a.snapshot(STEP));
    assertTrue(b.seen(d.id()));
    b.apply(d); // arrived meanwhile by another path: not counted again
    assertEquals(10, await(b.series(List.of(prefix + "api"), t0, t0 + STEP)).get(t0).get(key("api", "/a", false))
        .calls());
  }
}
