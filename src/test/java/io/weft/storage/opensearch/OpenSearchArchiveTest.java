package io.weft.storage.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.ArchiveStoreContract;
import io.weft.storage.SpanStore;
import io.weft.storage.TestTraces;
import io.weft.storage.TraceQuery;
import io.weft.testing.Wait;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive on a real OpenSearch node: the shared archive suite, plus where the spans go (the undated
 * {@code …-span-archive} index, Jaeger's {@code jaeger-span-archive} in Jaeger's layout, or Jaeger's
 * rollover aliases), that searches and retention leave it alone.
 */
class OpenSearchArchiveTest extends ArchiveStoreContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  static OpenSearchTestNode node;
  static Vertx vertx;
  static OpenSearchSpanStore os;

  @BeforeAll
  static void open() {
    node = OpenSearchTestNode.shared();
    vertx = Vertx.vertx();
    os = openStore(Map.of("opensearch.index.prefix", "archive"));
  }

  @AfterAll
  static void close() {
    await(os.close());
    await(vertx.close());
  }

  private static OpenSearchSpanStore openStore(Map<String, String> options) {
    return Wait.await(OpenSearchSpanStore.open(vertx, node.settings(options), new WeftMetrics()), 120);
  }

  @Override
  protected ArchiveStore archive() {
    return os.archive();
  }

  @Override
  protected SpanStore primary() {
    return os;
  }

  @Test
  void archivedSpansAreDocumentsOfTheUndatedArchiveIndex() throws Exception {
    TraceId id = newTraceId();
    Span span = TestTraces.span(id, 1, "in-archive-index");
    await(os.archive().write(List.of(span)));
    JsonNode hits = search("archive-weft-span-archive", id);
    assertEquals(1, hits.size());
    JsonNode doc = hits.get(0);
    assertEquals("archive-weft-span-archive", doc.path("_index").asText());
    assertEquals("in-archive-index", doc.path("_source").path("process").path("serviceName").asText());
    // No service document: an archived trace is read by id only.
    assertTrue(await(os.getServices()).stream().noneMatch("in-archive-index"::equals));
  }

  @Test
  void searchesWithoutAServiceOrTimeRangeLeaveTheArchiveOut() {
    TraceId id = newTraceId();
    String service = "archived-search-" + id.toHex();
    await(os.archive().write(List.of(TestTraces.span(id, 1, service))));
    assertEquals(1, await(os.archive().getTrace(id)).size());
    // No time range: the search reads every span index by wildcard, which must not take in the archive.
    List<List<Span>> found = await(os.findTraces(new TraceQuery(service, null, Map.of(), 0, 0, 0, 0, 10)));
    assertEquals(List.of(), found);
  }

  @Test
  void retentionNeverDeletesTheArchive() {
    await(os.archive().write(List.of(TestTraces.span(newTraceId(), 1, "kept"))));
    OpenSearchSpanStore shortLived = openStore(Map.of("opensearch.index.prefix", "archive", "opensearch.retention", "1s"));
    try {
      List<String> deleted = await(shortLived.expireIndices(System.currentTimeMillis() * 1000 + 400L * 86_400_000_000L));
      assertTrue(deleted.stream().noneMatch(i -> i.contains("archive-weft-span-archive")), deleted.toString());
    } finally {
      await(shortLived.close());
    }
    assertEquals(200, node.request("HEAD", "/archive-weft-span-archive", null).statusCode());
  }

  @Test
  void jaegersLayoutArchivesIntoJaegerSpanArchive() throws Exception {
    OpenSearchSpanStore jaeger = openStore(Map.of("opensearch.index.prefix", "archj", "opensearch.jaeger-compat", "true"));
    try {
      TraceId id = newTraceId();
      List<Span> spans = List.of(TestTraces.span(id, 1, "jaeger-archived"), TestTraces.span(id, 2, "jaeger-archived"));
      await(jaeger.archive().write(spans));
      assertEquals(2, search("archj-jaeger-span-archive", id).size());
      assertEquals(2, await(jaeger.archive().getTrace(id)).size());
      assertEquals(List.of(), await(jaeger.getTrace(id)), "the span indices do not hold it");
    } finally {
      await(jaeger.close());
    }
  }

  /** Jaeger's es-rollover init with archive: an index behind a read and a write alias. */
  @Test
  void withAliasesItWritesAndReadsJaegersRolloverAliases() throws Exception {
    // Opened first: its templates are in place when the index is made, as after Jaeger's own init.
    OpenSearchSpanStore aliased = openStore(Map.of("opensearch.index.prefix", "archa", "opensearch.jaeger-compat", "true",
        "opensearch.archive.use-aliases", "true"));
    String index = "archa-jaeger-span-archive-000001";
    try {
      node.request("DELETE", "/" + index, null);
      var made = node.request("PUT", "/" + index, "{\"aliases\":{\"archa-jaeger-span-archive-read\":{},"
          + "\"archa-jaeger-span-archive-write\":{\"is_write_index\":true}}}");
      assertEquals(200, made.statusCode(), made.body());
      TraceId id = newTraceId();
      await(aliased.archive().write(List.of(TestTraces.span(id, 1, "aliased"))));
      assertEquals(1, await(aliased.archive().getTrace(id)).size());
      JsonNode hits = search(index, id);
      assertEquals(1, hits.size(), "written through the write alias into the index behind it");
      assertEquals(404, node.request("HEAD", "/archa-jaeger-span-archive", null).statusCode(),
          "no index made under the plain name");
    } finally {
      await(aliased.close());
    }
  }

  private static JsonNode search(String index, TraceId id) throws Exception {
    node.request("POST", "/" + index + "/_refresh", null);
    String body = node.request("POST", "/" + index + "/_search",
        "{\"query\":{\"term\":{\"traceID\":\"" + id.toHex() + "\"}}}").body();
    return JSON.readTree(body).path("hits").path("hits");
  }
}
