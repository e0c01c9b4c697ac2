package io.weft.storage;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.spanmetrics.Cell;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.EdgeCell;
import io.weft.spanmetrics.EdgeKey;
import io.weft.spanmetrics.LatencySketch;
import io.weft.spanmetrics.SeriesKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every span-metrics store must do, through {@link SeriesStore} only. Names are random per
 * test and times near now, so a store shared between tests (a Cassandra keyspace) passes too.
 */
public abstract class SeriesStoreContract {
  protected static final long STEP = 15_000;

  protected SeriesStore store;
  protected String prefix;
  /** A bucket start ten minutes ago, one hour partition from its neighbours at most. */
  protected long t0;

  protected abstract SeriesStore store();

  @BeforeEach
  void setUp() {
    store = store();
    prefix = "s" + UUID.randomUUID().toString().substring(0, 8) + "-";
    long now = System.currentTimeMillis();
    t0 = Math.floorDiv(now - 600_000, STEP) * STEP;
  }

  protected static Cell cell(long micros, int n) {
    Cell c = new Cell();
    for (int i = 0; i < n; i++) {
      c.add(micros + i, 1);
    }
    return c;
  }

  protected SeriesKey key(String service, String op, boolean error) {
    return new SeriesKey(prefix + service, op, SpanKind.SERVER, error ? StatusCode.ERROR : StatusCode.UNSET);
  }

  protected static Delta delta(String writer, long seq, Delta.Bucket... buckets) {
    return new Delta(writer, seq, STEP, List.of(buckets));
  }

  protected static Delta.Bucket bucket(long start, Object... keysAndCells) {
    Map<SeriesKey, Cell> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndCells.length; i += 2) {
      m.put((SeriesKey) keysAndCells[i], (Cell) keysAndCells[i + 1]);
    }
    return new Delta.Bucket(start, m, Map.of());
  }

  @Test
  void writersAreSummedPerBucketAndOnlyTheAskedServicesAreRead() {
    await(store.write(delta("w1", 1, bucket(t0, key("api", "/a", false), cell(1000, 10), key("api", "/a", true),
        cell(5000, 2), key("db", "q", false), cell(300, 4)))));
    await(store.write(delta("w2", 7, bucket(t0, key("api", "/a", false), cell(1000, 5)),
        bucket(t0 + STEP, key("api", "/b", false), cell(2000, 3)))));
    NavigableMap<Long, Map<SeriesKey, Cell>> r = await(store.series(List.of(prefix + "api"), t0, t0 + 2 * STEP));
    assertEquals(List.of(t0, t0 + STEP), List.copyOf(r.keySet()));
    assertEquals(15, r.get(t0).get(key("api", "/a", false)).calls());
    assertEquals(2, r.get(t0).get(key("api", "/a", true)).calls());
    assertEquals(3, r.get(t0 + STEP).get(key("api", "/b", false)).calls());
    assertTrue(r.values().stream().noneMatch(m -> m.containsKey(key("db", "q", false))));
    assertEquals(List.of(t0), List.copyOf(await(store.series(List.of(prefix + "api"), t0, t0 + STEP)).keySet()),
        "the range's end is exclusive");
  }

  @Test
  void aDeltaWrittenTwiceCountsOnce() {
    Delta d = delta("w1", 3, bucket(t0, key("api", "/a", false), cell(1000, 10)));
    await(store.write(d));
    await(store.write(d));
    assertEquals(10, await(store.series(List.of(prefix + "api"), t0, t0 + STEP)).get(t0).get(key("api", "/a", false))
        .calls());
  }

  @Test
  void mergedSketchesKeepTheirQuantiles() {
    Cell fast = cell(1000, 900);
    Cell slow = cell(100_000, 100);
    await(store.write(delta("w1", 1, bucket(t0, key("api", "/a", false), fast))));
    await(store.write(delta("w2", 1, bucket(t0, key("api", "/a", false), slow))));
    LatencySketch s = await(store.series(List.of(prefix + "api"), t0, t0 + STEP)).get(t0).get(key("api", "/a", false))
        .latency();
    assertEquals(1000, s.count());
    assertEquals(1499, s.quantile(0.5), 1499 * LatencySketch.RELATIVE_ERROR); // rank floor(0.5 * 999)
    assertEquals(100_049, s.quantile(0.95), 100_049 * LatencySketch.RELATIVE_ERROR);
  }

  @Test
  void servicesWithDataInTheRange() {
    await(store.write(delta("w1", 1, bucket(t0, key("api", "/a", false), cell(1, 1), key("db", "q", false),
        cell(1, 1)))));
    List<String> names = await(store.services(t0, t0 + STEP)).stream().filter(n -> n.startsWith(prefix)).toList();
    assertEquals(List.of(prefix + "api", prefix + "db"), names);
  }

  @Test
  void edgesAreSummedToo() {
    EdgeKey ab = new EdgeKey(prefix + "a", prefix + "b", EdgeKey.DIRECT);
    EdgeCell e1 = new EdgeCell();
    e1.add(2000, true, 1);
    EdgeCell e2 = new EdgeCell();
    e2.add(4000, false, 3);
    await(store.write(new Delta("w1", 1, STEP, List.of(new Delta.Bucket(t0, Map.of(), Map.of(ab, e1))))));
    await(store.write(new Delta("w2", 1, STEP, List.of(new Delta.Bucket(t0, Map.of(), Map.of(ab, e2))))));
    EdgeCell sum = await(store.edges(t0, t0 + STEP)).get(t0).get(ab);
    assertEquals(4, sum.calls());
    assertEquals(1, sum.failed());
  }
}
