package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared storage suite again with {@code cassandra.index.mode=packed}: searches read the trace packs
 * and test their summaries, in a keyspace of its own so that no other mode's index can answer for it.
 */
class CassandraPackedSpanStoreTest extends CassandraSpanStoreTest {
  @Override
  protected CassandraSettings settings(Map<String, String> extra) {
    return settings("packed", "weft_packed", extra);
  }

  /**
   * Packs come newest first by the newest start each holds, 64 to a page: the first page's newest pack
   * also holds an old trace, which must not take a place that a newer trace of the second page has.
   */
  @Test
  void aSearchOverManyPagesOfPacksReturnsTheNewestTracesUpToItsLimit() {
    List<TraceId> newestFirst = new ArrayList<>();
    TraceId old = newTraceId();
    int writes = 150;
    for (int i = 0; i < writes; i++) {
      TraceId t = newTraceId();
      Span s = span(t, 1, 0, "packs", "GET", base + i * 1000L, 10);
      if (i == writes - 1) {
        write(s, span(old, 1, 0, "packs", "GET", base + 10_001, 10)); // between the 11th and 12th oldest
      } else {
        write(s);
      }
      newestFirst.add(0, t);
    }
    assertEquals(writes, IndexPages.PACKS_PAGE * 2 + 22, "three pages of packs");
    // 75: the first page's 64 (and the old one, if not held back) leave 10 or 11 to fetch, no more.
    List<TraceId> found = find(query("packs").limit(75).build()).stream().map(t -> t.get(0).traceId()).toList();
    assertEquals(newestFirst.subList(0, 75), found);
  }
}
