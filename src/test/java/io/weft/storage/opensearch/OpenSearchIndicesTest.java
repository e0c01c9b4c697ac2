package io.weft.storage.opensearch;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.testing.TestSpans;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indices on a real node: the templates {@code weft schema} prints are the ones that work when an
 * operator applies them (Weft then creates none), and retention deletes the slices that ended longer
 * ago than {@code opensearch.retention}, and nothing else.
 */
class OpenSearchIndicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000_000L;
  private OpenSearchTestNode node;
  private Vertx vertx;

  @BeforeEach
  void open() {
    node = OpenSearchTestNode.shared();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private static Span span(long start) {
    return TestSpans.of(newTraceId(), 1, 0, "svc", "op").startTimeMicros(start).durationMicros(5).build();
  }

  @Test
  void theSchemaWeftPrintsIsWhatAnOperatorApplies() throws Exception {
    String prefix = "schema" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 40);
    Map<String, String> options = Map.of("opensearch.index.prefix", prefix, "opensearch.create-templates", "false",
        "opensearch.index.shards", "2");
    String script = new OpenSearchSchema(node.settings(options)).script();
    int applied = 0;
    for (String block : script.split("\n\n")) {
      if (block.startsWith("PUT ")) {
        String path = block.substring(4, block.indexOf('\n'));
        var r = node.request("PUT", "/" + path, block.substring(block.indexOf('\n') + 1));
        assertEquals(200, r.statusCode(), r.body());
        applied++;
      }
    }
    assertEquals(4, applied); // span, service, dependencies, metrics
    OpenSearchSpanStore store = await(OpenSearchSpanStore.open(vertx, node.settings(options), new WeftMetrics()), 120);
    try {
      Span s = span(System.currentTimeMillis() * 1000);
      await(store.write(List.of(s)));
      assertEquals(List.of(s), await(store.getTrace(s.traceId())));
      String index = store.settings().indexNames().index(IndexNames.SPAN, s.startTimeMicros());
      JsonNode settings = JSON.readTree(node.request("GET", "/" + index + "/_settings?flat_settings=true", null).body());
      assertEquals("2", settings.path(index).path("settings").path("index.number_of_shards").asText());
      JsonNode mapping = JSON.readTree(node.request("GET", "/" + index + "/_mapping", null).body());
      assertEquals("false", mapping.path(index).path("mappings").path("dynamic").asText());
      assertEquals("keyword", mapping.path(index).path("mappings").path("properties").path("tagKV").path("type").asText());
    } finally {
      await(store.close());
    }
  }

  @Test
  void retentionDeletesTheSlicesThatEndedLongAgoAndNothingElse() throws Exception {
    String prefix = "ret" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 40);
    long now = System.currentTimeMillis() * 1000;
    Span old = span(now - 5 * DAY);
    Span kept = span(now - 2 * DAY);
    Span fresh = span(now);
    // Written by a store that keeps everything: a retention store's own first run (10 s after it opens)
    // could delete the old slice before the test saw it made.
    OpenSearchSpanStore writer = await(OpenSearchSpanStore.open(vertx, node.settings(Map.of(
        "opensearch.index.prefix", prefix, "opensearch.retention", "0")), new WeftMetrics()), 120);
    IndexNames names = writer.settings().indexNames();
    try {
      await(writer.write(List.of(old, kept, fresh)));
    } finally {
      await(writer.close());
    }
    var other = node.request("PUT", "/" + prefix + "-weft-span-archive", "{\"settings\":{\"index.number_of_replicas\":0}}");
    assertEquals(200, other.statusCode(), other.body());
    assertTrue(exists(names.index(IndexNames.SPAN, old.startTimeMicros())));

    OpenSearchSpanStore store = await(OpenSearchSpanStore.open(vertx, node.settings(Map.of(
        "opensearch.index.prefix", prefix, "opensearch.retention", "3d")), new WeftMetrics()), 120);
    try {
      await(store.expireIndices(now)); // the store's own first run may have come first: the same
      assertFalse(exists(names.index(IndexNames.SPAN, old.startTimeMicros())));
      assertFalse(exists(names.index(IndexNames.SERVICE, old.startTimeMicros())));
      assertTrue(exists(names.index(IndexNames.SERVICE, kept.startTimeMicros())));
      assertTrue(exists(names.index(IndexNames.SPAN, kept.startTimeMicros())));
      assertTrue(exists(names.index(IndexNames.SPAN, fresh.startTimeMicros())));
      assertTrue(exists(prefix + "-weft-span-archive"), "a name of another shape is never touched");
      assertEquals(List.of(), await(store.getTrace(old.traceId())));
      assertEquals(List.of(kept), await(store.getTrace(kept.traceId())));
    } finally {
      await(store.close());
    }
  }

  private boolean exists(String index) {
    return node.request("HEAD", "/" + index, null).statusCode() == 200;
  }
}
