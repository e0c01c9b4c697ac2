package io.weft.storage.spread;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.wire.SpanBatch;
import io.weft.model.Span;
import io.weft.storage.TraceQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages between a querying node and the members' span stores. Requests are small JSON
 * objects {@code {"op": ...}}; spans travel as {@link SpanBatch} (the agents' message: Weft's binary
 * span format, with its codec), lists as JSON arrays.
 */
final class StoreMessages {
  static final String OP = "op";
  static final String SERVICES = "services";
  static final String OPERATIONS = "operations";
  static final String FIND = "find";
  static final String TRACES = "traces";
  static final String DEPENDENCIES = "dependencies";
  static final String STARTED_IN = "started-in";
  static final String SCAN = "scan";
  /** A header of a store write: record the spans' dependency links only ({@code SpanWriter.writeLinksOnly}). */
  static final String LINKS_ONLY = "weft-links-only";
  /**
   * A header of every request and write under tenancy: the tenant whose store the member reads or writes
   * (absent: the node's own store, as without tenancy).
   */
  static final String TENANT = "tenant";

  private StoreMessages() {}

  /** {@code options} with the tenant header ({@code tenant} null: as they are). */
  static DeliveryOptions forTenant(DeliveryOptions options, String tenant) {
    return tenant == null ? options : new DeliveryOptions(options).addHeader(TENANT, tenant);
  }

  static JsonObject request(String op) {
    return new JsonObject().put(OP, op);
  }

  static JsonObject query(TraceQuery q) {
    JsonObject tags = new JsonObject();
    q.tags().forEach(tags::put);
    return new JsonObject().put("service", q.service()).put("operation", q.operation()).put("tags", tags)
        .put("startMin", q.startTimeMinMicros()).put("startMax", q.startTimeMaxMicros())
        .put("durationMin", q.durationMinMicros()).put("durationMax", q.durationMaxMicros()).put("limit", q.limit());
  }

  static TraceQuery query(JsonObject j) {
    Map<String, String> tags = new LinkedHashMap<>();
    j.getJsonObject("tags", new JsonObject()).forEach(e -> tags.put(e.getKey(), String.valueOf(e.getValue())));
    return new TraceQuery(j.getString("service"), j.getString("operation"), tags, j.getLong("startMin", 0L),
        j.getLong("startMax", 0L), j.getLong("durationMin", 0L), j.getLong("durationMax", 0L), j.getInteger("limit", 20));
  }

  /** Spans already through a collector's pipeline: the batch's format (for enrichment) is not used. */
  static SpanBatch spans(List<Span> spans) {
    return SpanBatch.of(spans, "");
  }

  static JsonArray pair(Object a, Object b) {
    return new JsonArray().add(a).add(b);
  }
}
