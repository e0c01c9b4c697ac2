package io.weft.storage.opensearch;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What {@code weft schema --span-storage.type=opensearch} prints: the index templates Weft puts at
 * start, as requests for the Dev Tools console (or curl), for an operator who applies them and runs
 * Weft with {@code --opensearch.create-templates=false}.
 */
public final class OpenSearchSchema {
  private final OpenSearchSettings s;

  public OpenSearchSchema(OpenSearchSettings s) {
    this.s = s;
  }

  public String script() {
    StringBuilder sb = new StringBuilder()
        .append("# Weft's index templates for OpenSearch 1+ / Elasticsearch 7.8+ (")
        .append(s.jaegerCompat() ? "Jaeger's layout" : "Weft's layout").append(", ")
        .append(s.shards()).append(" shard(s), ").append(s.replicas()).append(" replica(s)).\n")
        .append("# Apply them in Dev Tools, or each with: curl -XPUT -H 'Content-Type: application/json' URL/PATH -d BODY\n")
        .append("# Indices are named ").append(s.indexNames().base(IndexNames.SPAN)).append("<date>, ")
        .append(s.indexNames().base(IndexNames.SERVICE)).append("<date>, ")
        .append(s.indexNames().base(IndexNames.DEPENDENCIES)).append("<date>, ")
        .append(s.indexNames().base(IndexNames.METRICS)).append("<date> (date layout ")
        .append(s.dateLayout()).append(", UTC) and the archive ").append(s.indexNames().archive())
        .append("; Weft creates them by writing.\n\n");
    for (Map.Entry<String, JsonObject> t : new IndexTemplates(s).all().entrySet()) {
      sb.append("PUT _index_template/").append(t.getKey()).append('\n')
          .append(t.getValue().encodePrettily()).append("\n\n");
    }
    return sb.toString();
  }
}
