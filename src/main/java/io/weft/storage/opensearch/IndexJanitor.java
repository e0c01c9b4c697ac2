package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes the span, service and dependency indices whose time slice ended longer ago
 * than {@code opensearch.retention} (what Jaeger's es-index-cleaner does, run by Weft itself).
 * Every node may run it: deleting is idempotent. Indices of other names are never touched.
 */
final class IndexJanitor {
  private static final Logger LOG = LoggerFactory.getLogger(IndexJanitor.class);
  private static final List<String> KINDS = List.of(IndexNames.SPAN, IndexNames.SERVICE, IndexNames.DEPENDENCIES,
      IndexNames.METRICS);

  private final OpenSearchHttp http;
  private final IndexNames names;
  private final long retentionMicros;

  IndexJanitor(OpenSearchHttp http, IndexNames names, long retentionMicros) {
    this.http = http;
    this.names = names;
    this.retentionMicros = retentionMicros;
  }

  /** Deletes what retention allows; the future tells which indices went. */
  Future<List<String>> run(long nowMicros) {
    if (retentionMicros <= 0) {
      return Future.succeededFuture(List.of());
    }
    long cutoff = nowMicros - retentionMicros;
    List<Future<List<String>>> each = new ArrayList<>();
    for (String kind : KINDS) {
      each.add(expired(kind, cutoff).compose(this::delete));
    }
    return Future.all(each).map(cf -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < each.size(); i++) {
        out.addAll(cf.<List<String>>resultAt(i));
      }
      return out;
    }).onFailure(err -> LOG.warn("OpenSearch retention: {}", err.getMessage()));
  }

  private Future<List<String>> expired(String kind, long cutoffMicros) {
    return http.json(HttpMethod.GET, "/_cat/indices/" + names.pattern(kind) + "?format=json&h=index", null).map(rows -> {
      List<String> out = new ArrayList<>();
      for (JsonNode row : rows) {
        String index = row.path("index").asText();
        Instant start = names.periodStart(kind, index);
        if (start != null && start.toEpochMilli() * 1000 + names.periodMicros() <= cutoffMicros) {
          out.add(index);
        }
      }
      return out;
    });
  }

  private Future<List<String>> delete(List<String> indices) {
    if (indices.isEmpty()) {
      return Future.succeededFuture(indices);
    }
    // Named one by one in the URL: Elasticsearch 8 refuses wildcards in deletes.
    return http.json(HttpMethod.DELETE, "/" + String.join(",", indices) + "?ignore_unavailable=true", null)
        .map(v -> {
          LOG.info("OpenSearch retention: deleted {}", indices);
          return indices;
        });
  }
}
