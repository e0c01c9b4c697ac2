package io.weft.storage.spread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanStore;
import io.weft.storage.TraceScan;
import io.weft.traceql.Query;
import io.weft.traceql.QueryLanguageContract;
import io.weft.wire.Addresses;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The query-language suite on the spread store: three members' memory stores on one event bus,
 * each scanning its own traces with the query's text, the querying side fetching the newest
 * matches whole and testing them again.
 */
class SpreadQueryLanguageTest extends QueryLanguageContract {
  private Vertx vertx;
  private SpreadStoreTest.Spread spread;

  @Override
  protected SpanStore createStore() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
    SpreadStoreTest.vertx = vertx;
    spread = SpreadStoreTest.spread(List.of(), 5000);
    return SpreadStoreTest.store(spread);
  }

  @Override
  protected void destroyStore(SpanStore s) {
    await(vertx.close());
  }

  @Test
  void tracesWereSpreadOverTheMembers() {
    long holding = spread.stores().stream().filter(m -> m.traceCount() > 0).count();
    assertTrue(holding >= 2, "the fixture's traces sit on more than one member: " + holding);
  }

  @Test
  void aMemberThatDoesNotAnswerMakesTheAnswerPartial() throws Exception {
    String silent = "silent-ql-" + System.nanoTime();
    vertx.eventBus().consumer(Addresses.storeRead(silent), msg -> { }); // never replies
    List<String> members = new java.util.ArrayList<>(spread.ids());
    members.add(silent);
    ScatterSpanReader reader = new ScatterSpanReader(vertx, () -> members, 300, SpreadStoreTest.METRICS);
    Query q = Query.parse("{ name = \"consume\" }");
    ScanResult r = await(reader.scanTraces(new TraceScan(q.candidates().toTraceQuery(f.base - 3_600_000_000L,
        f.base + 3_600_000_000L, 10), q, 0)));
    assertEquals(List.of("linked"), names(r.traces()), "the members that answered still count");
    assertTrue(r.isPartial() && r.partial().contains(silent), r.partial());
  }
}
