package io.weft.spanmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.weft.model.SpanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HalfTable} against a LinkedHashMap: lookups, removals, growth, and arrival order with replacements. */
class HalfTableTest {
  record Key(long high, long low, long id) {}

  static Half half(long high, long low, long spanId, long parentId) {
    return new Half(high, low, spanId, parentId, "s", SpanKind.CLIENT, 0, 0, false, 1, 0);
  }

  @Test
  void behavesAsAnInsertionOrderedMap() {
    for (boolean byParent : new boolean[] {false, true}) {
      Random rnd = new Random(byParent ? 1 : 2);
      HalfTable table = new HalfTable(byParent, true);
      LinkedHashMap<Key, Half> model = new LinkedHashMap<>();
      for (int step = 0; step < 200_000; step++) {
        // Few distinct keys so runs collide; sometimes many, so the table grows.
        long high = rnd.nextInt(2);
        long low = rnd.nextInt(step < 100_000 ? 50 : 3000);
        long id = rnd.nextInt(8);
        Key k = new Key(high, low, id);
        switch (rnd.nextInt(4)) {
          case 0, 1 -> {
            Half h = byParent ? half(high, low, rnd.nextLong(), id) : half(high, low, id, rnd.nextLong());
            assertSame(model.put(k, h), table.put(h));
          }
          case 2 -> assertSame(model.remove(k), table.remove(high, low, id));
          default -> {
            Half eldest = table.eldest();
            if (eldest != null && rnd.nextBoolean()) {
              table.removeExactly(eldest);
              assertSame(model.remove(model.keySet().iterator().next()), eldest);
            } else {
              assertSame(model.get(k), table.get(high, low, id));
            }
          }
        }
        assertEquals(model.size(), table.size());
      }
      List<Half> order = new ArrayList<>();
      for (Half h = table.eldest(); h != null; h = h.next) {
        order.add(h);
      }
      assertEquals(new ArrayList<>(model.values()), order, "arrival order, replacements in place");
      for (Map.Entry<Key, Half> e : model.entrySet()) {
        assertSame(e.getValue(), table.get(e.getKey().high(), e.getKey().low(), e.getKey().id()));
      }
    }
  }
}
