package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.spanmetrics.Cell;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.DeltaCodec;
import io.weft.spanmetrics.EdgeCell;
import io.weft.spanmetrics.EdgeKey;
import io.weft.spanmetrics.SeriesKey;
import io.weft.storage.SeriesStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Span metrics in OpenSearch, beside the spans: time-sliced indices {@code [prefix-]base-metrics-<date>}
 * (same layout, template and retention as the span indices). One document per flush, bucket and
 * service ({@code type: series}) or per flush and bucket for the service graph ({@code type: edges},
 * service empty),
 * holding that part of the flush encoded ({@link DeltaCodec}, base64, not indexed), under an id made
 * of writer, flush number, bucket and service: a delta written again replaces its documents, so
 * retries and redeliveries add nothing. Reads fetch the documents of the range and sum every writer's.
 */
final class OpenSearchSeriesStore implements SeriesStore {
  static final String SERIES = "series";
  static final String EDGES = "edges";
  private static final int PAGE = 5_000;

  private final BulkWriter bulk;
  private final Searches searches;
  private final IndexNames names;

  OpenSearchSeriesStore(BulkWriter bulk, Searches searches, IndexNames names) {
    this.bulk = bulk;
    this.searches = searches;
    this.names = names;
  }

  @Override
  public Future<Void> write(Delta delta) {
    List<BulkWriter.Action> out = new ArrayList<>();
    for (Delta.Bucket b : delta.buckets()) {
      Map<String, Map<SeriesKey, Cell>> byService = new LinkedHashMap<>();
      for (Map.Entry<SeriesKey, Cell> e : b.series().entrySet()) {
        byService.computeIfAbsent(e.getKey().service(), x -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
      }
      byService.forEach((service, cells) -> out.add(doc(delta, b.startMs(), SERIES, service,
          DeltaCodec.seriesBlock(cells))));
      if (!b.edges().isEmpty()) {
        out.add(doc(delta, b.startMs(), EDGES, "", DeltaCodec.edgesBlock(b.edges())));
      }
    }
    return bulk.write(out);
  }

  private BulkWriter.Action doc(Delta d, long startMs, String type, String service, byte[] block) {
    JsonObject doc = new JsonObject().put("type", type).put("ts", startMs).put("writer", d.writer()).put("seq", d.seq())
        .put("service", service).put("cells", Base64.getEncoder().encodeToString(block));
    String key = d.writer() + "\u0000" + d.seq() + "\u0000" + startMs + "\u0000" + type + "\u0000" + service;
    String id = Long.toHexString(BulkActions.fnv(key.getBytes(StandardCharsets.UTF_8))) + "-" + startMs;
    return BulkActions.index(names.index(IndexNames.METRICS, startMs * 1000), id, doc.toBuffer().getBytes());
  }

  @Override
  public Future<NavigableMap<Long, Map<SeriesKey, Cell>>> series(Collection<String> services, long fromMs, long toMs) {
    NavigableMap<Long, Map<SeriesKey, Cell>> out = new TreeMap<>();
    if (services.isEmpty() || toMs <= fromMs) {
      return Future.succeededFuture(out);
    }
    JsonArray f = range(SERIES, fromMs, toMs).add(Json.terms("service", services));
    return pages(indices(fromMs, toMs), f, null, doc -> {
      Map<SeriesKey, Cell> cells = out.computeIfAbsent(doc.path("ts").asLong(), k -> new HashMap<>());
      DeltaCodec.readSeriesBlock(block(doc), (k, c) -> cells.merge(k, c, (x, y) -> {
        x.merge(y);
        return x;
      }));
    }).map(out);
  }

  @Override
  public Future<List<String>> services(long fromMs, long toMs) {
    if (toMs <= fromMs) {
      return Future.succeededFuture(List.of());
    }
    JsonObject body = new JsonObject().put("size", 0).put("query", Json.filter(range(SERIES, fromMs, toMs)))
        .put("aggs", new JsonObject().put("services", new JsonObject().put("terms", new JsonObject()
            .put("field", "service").put("size", 10_000).put("order", new JsonObject().put("_key", "asc")))));
    return searches.search(indices(fromMs, toMs), body).map(res -> {
      List<String> out = new ArrayList<>();
      for (JsonNode b : res.path("aggregations").path("services").path("buckets")) {
        out.add(b.path("key").asText());
      }
      return out;
    });
  }

  @Override
  public Future<NavigableMap<Long, Map<EdgeKey, EdgeCell>>> edges(long fromMs, long toMs) {
    NavigableMap<Long, Map<EdgeKey, EdgeCell>> out = new TreeMap<>();
    if (toMs <= fromMs) {
      return Future.succeededFuture(out);
    }
    return pages(indices(fromMs, toMs), range(EDGES, fromMs, toMs), null, doc -> {
      Map<EdgeKey, EdgeCell> cells = out.computeIfAbsent(doc.path("ts").asLong(), k -> new HashMap<>());
      DeltaCodec.readEdgesBlock(block(doc), (k, c) -> cells.merge(k, c, (x, y) -> {
        x.merge(y);
        return x;
      }));
    }).map(out);
  }

  /** The documents of a type whose bucket starts in [fromMs, toMs). */
  private static JsonArray range(String type, long fromMs, long toMs) {
    return new JsonArray().add(Json.term("type", type)).add(Json.range("ts", fromMs, toMs - 1));
  }

  private String indices(long fromMs, long toMs) {
    return names.covering(IndexNames.METRICS, fromMs * 1000, (toMs - 1) * 1000);
  }

  private static byte[] block(JsonNode doc) {
    return Base64.getDecoder().decode(doc.path("cells").asText());
  }

  /** Every matching document's source, a page at a time (search_after on bucket, writer, flush, service). */
  private Future<Void> pages(String indices, JsonArray filters, JsonNode after, Consumer<JsonNode> each) {
    JsonObject body = new JsonObject().put("size", PAGE).put("query", Json.filter(filters))
        .put("sort", new JsonArray().add(Json.sort("ts", "asc")).add(Json.sort("writer", "asc"))
            .add(Json.sort("seq", "asc")).add(Json.sort("service", "asc")));
    if (after != null) {
      body.put("search_after", new JsonArray(after.toString()));
    }
    return searches.search(indices, body).compose(res -> {
      JsonNode hits = res.path("hits").path("hits");
      JsonNode last = null;
      for (JsonNode h : hits) {
        each.accept(h.path("_source"));
        last = h.path("sort");
      }
      return hits.size() < PAGE || last == null ? Future.succeededFuture() : pages(indices, filters, last, each);
    });
  }
}
