package io.weft.spanmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeltaCodecTest {

  @Test
  void roundTrip() {
    Map<SeriesKey, Cell> series = new LinkedHashMap<>();
    Cell c = new Cell();
    c.add(1234, 1);
    c.add(99_000, 2.5);
    series.put(new SeriesKey("svc ü", "GET /x", SpanKind.SERVER, StatusCode.ERROR), c);
    Cell d = new Cell();
    d.add(0, 1);
    series.put(new SeriesKey("svc ü", "other", SpanKind.CLIENT, StatusCode.OK), d);
    Map<EdgeKey, EdgeCell> edges = new LinkedHashMap<>();
    EdgeCell e = new EdgeCell();
    e.add(5000, true, 1);
    edges.put(new EdgeKey("a", "b", EdgeKey.MESSAGING), e);
    Delta delta = new Delta("node-x", 42, 15_000, List.of(new Delta.Bucket(1_700_000_000_000L, series, edges),
        new Delta.Bucket(1_700_000_015_000L, Map.of(), Map.of())));
    byte[] bytes = DeltaCodec.encode(delta);
    assertTrue(DeltaCodec.looksLikeDelta(bytes));
    Delta back = DeltaCodec.decode(bytes);
    assertEquals("node-x/42", back.id());
    assertEquals(15_000, back.stepMs());
    assertEquals(2, back.buckets().size());
    Delta.Bucket b = back.buckets().get(0);
    assertEquals(series.keySet(), b.series().keySet());
    Cell c2 = b.series().get(new SeriesKey("svc ü", "GET /x", SpanKind.SERVER, StatusCode.ERROR));
    assertEquals(3.5, c2.calls(), 1e-12);
    assertEquals(c.latency().quantile(0.9), c2.latency().quantile(0.9), 1e-9);
    assertEquals(1, b.edges().get(new EdgeKey("a", "b", EdgeKey.MESSAGING)).failed());
  }

  @Test
  void malformedInputIsRefusedNotCrashing() {
    assertFalse(DeltaCodec.looksLikeDelta(new byte[] {1, 2, 3, 4}));
    assertThrows(IllegalArgumentException.class, () -> DeltaCodec.decode(new byte[] {'W', 'M', 9, 0}));
    byte[] good = DeltaCodec.encode(new Delta("n", 1, 15_000, List.of(new Delta.Bucket(0, Map.of(), Map.of()))));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] part = Arrays.copyOf(good, cut);
      assertThrows(IllegalArgumentException.class, () -> DeltaCodec.decode(part));
    }
  }
}
