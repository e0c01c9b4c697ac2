package io.weft.storage.opensearch;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared storage suite against a real OpenSearch node: it must answer exactly as memory does. */
class OpenSearchSpanStoreTest extends SpanStoreContract {
  static Vertx vertx;
  static OpenSearchSpanStore os;

  @BeforeAll
  static void open() {
    OpenSearchTestNode node = OpenSearchTestNode.shared();
    vertx = Vertx.vertx();
    os = await(OpenSearchSpanStore.open(vertx,
        node.settings(Map.of("opensearch.index.prefix", "contract")), new WeftMetrics()), 120);
  }

  @AfterAll
  static void close() {
    await(os.close());
    await(vertx.close());
  }

  /** One store for the class: the suite's data never collides (random names and ids per test). */
  @Override
  protected SpanStore createStore() {
    return os;
  }

  @Override
  protected void destroyStore(SpanStore store) {
    // closed once, after the class
  }

  /** A value too long for the keyword index is still found: the search filters the service's traces. */
  @Test
  void aTagValueTooLongToIndexIsStillFound() {
    String longValue = "x".repeat(400);
    TraceId hit = newTraceId();
    TraceId miss = newTraceId();
    write(tagged(span(hit, 1, 0, "web", "GET", base, 10), Tag.string("sql", longValue)),
        tagged(span(miss, 1, 0, "web", "GET", base + 1, 10), Tag.string("sql", longValue + "y")));
    assertEquals(List.of(hit), traceIds(find(query("web").tag("sql", longValue).build())));
  }

  /** The same key as a number in one span and text in another: both stored, both found (no mapping conflict). */
  @Test
  void aTagThatIsANumberHereAndTextThereNeverRejectsASpan() {
    TraceId number = newTraceId();
    TraceId text = newTraceId();
    TraceId bool = newTraceId();
    write(tagged(span(number, 1, 0, "api", "op", base, 10), Tag.int64("retry", 3)));
    write(tagged(span(text, 1, 0, "api", "op", base + 1, 10), Tag.string("retry", "three")));
    write(tagged(span(bool, 1, 0, "api", "op", base + 2, 10), Tag.bool("retry", true)));
    assertEquals(List.of(number), traceIds(find(query("api").tag("retry", "3").build())));
    assertEquals(List.of(text), traceIds(find(query("api").tag("retry", "three").build())));
    assertEquals(List.of(bool), traceIds(find(query("api").tag("retry", "true").build())));
    assertEquals(3, trace(number).size() + trace(text).size() + trace(bool).size());
  }
}
