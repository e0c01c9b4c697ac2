package io.weft.storage.opensearch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Ids;
import io.weft.model.Span;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The bulk actions of a write: a document per span, per new service/operation/kind, and per
 * trace's dependency links. Every document has an id computed from its content, so writing it again
 * (a retry, a sender sending twice) replaces it instead of adding a copy.
 */
final class BulkActions {
  private final IndexNames names;
  private final SpanDocWriter docs;
  private final boolean jaeger;

  BulkActions(IndexNames names, boolean jaeger) {
    this.names = names;
    this.docs = new SpanDocWriter(jaeger);
    this.jaeger = jaeger;
  }

  /**
   * The span's document, under the id trace-span-hash: Zipkin's client and server halves share a
   * span id, and a span written twice has the same content (and so the same id).
   */
  BulkWriter.Action span(Span s) {
    byte[] doc = docs.write(s);
    String id = s.traceId().toHex() + "-" + Ids.hex16(s.spanId()) + "-" + Long.toHexString(fnv(doc));
    return index(names.index(IndexNames.SPAN, s.startTimeMicros()), id, doc);
  }

  /**
   * A service/operation/kind document, in the index of the span's time slice. Jaeger's has no kind,
   * and Jaeger's id (FNV-1a of service and operation), so Jaeger and Weft writing alike never duplicate.
   */
  BulkWriter.Action service(String index, String service, String operation, String kind) {
    JsonObject doc = new JsonObject().put("serviceName", service).put("operationName", operation);
    String key = service + operation;
    if (!jaeger) {
      doc.put("spanKind", kind);
      key = service + "\u0000" + operation + "\u0000" + kind;
    }
    return index(index, Long.toHexString(fnv(key.getBytes(StandardCharsets.UTF_8))), doc.toBuffer().getBytes());
  }

  /**
   * A trace's links. Weft's layout: a document per link (id trace-link), summed by an aggregation;
   * Jaeger's: one document per trace in Jaeger's shape (timestamp, dependencies list). Links whose
   * trace start moved to another time slice are deleted from the old one.
   */
  void links(TraceLinks.Update u, List<BulkWriter.Action> out) {
    String index = names.index(IndexNames.DEPENDENCIES, u.startMicros());
    String old = u.storedStartMicros() == Long.MIN_VALUE ? index : names.index(IndexNames.DEPENDENCIES, u.storedStartMicros());
    String trace = u.traceId().toHex();
    if (jaeger) {
      JsonArray list = new JsonArray();
      u.links().forEach((pair, calls) -> {
        if (calls > 0) {
          list.add(new JsonObject().put("parent", pair.parent()).put("child", pair.child()).put("callCount", calls)
              .put("source", "weft"));
        }
      });
      if (!old.equals(index)) {
        out.add(delete(old, trace));
      }
      JsonObject doc = new JsonObject()
          .put("timestamp", Instant.ofEpochMilli(Math.floorDiv(u.startMicros(), 1000)).toString())
          .put("dependencies", list);
      out.add(index(index, trace, doc.toBuffer().getBytes()));
      return;
    }
    for (Map.Entry<TraceLinks.Pair, Long> e : u.links().entrySet()) {
      TraceLinks.Pair pair = e.getKey();
      String id = trace + "-" + Long.toHexString(fnv((pair.parent() + "\u0000" + pair.child()).getBytes(StandardCharsets.UTF_8)));
      if (!old.equals(index)) {
        out.add(delete(old, id));
      }
      JsonObject doc = new JsonObject()
          .put("timestamp", Math.floorDiv(u.startMicros(), 1000))
          .put("startTime", u.startMicros())
          .put("traceID", trace)
          .put("parent", pair.parent())
          .put("child", pair.child())
          .put("callCount", e.getValue());
      out.add(index(index, id, doc.toBuffer().getBytes()));
    }
  }

  private static BulkWriter.Action index(String index, String id, byte[] doc) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(doc.length + 96);
    b.writeBytes(("{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"" + id + "\"}}\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(doc);
    b.write('\n');
    return new BulkWriter.Action(b.toByteArray(), false);
  }

  private static BulkWriter.Action delete(String index, String id) {
    return new BulkWriter.Action(("{\"delete\":{\"_index\":\"" + index + "\",\"_id\":\"" + id + "\"}}\n")
        .getBytes(StandardCharsets.UTF_8), true);
  }

  /** FNV-1a, 64 bits: enough to tell a span's versions apart, and cheap. */
  static long fnv(byte[] b) {
    long h = 0xcbf29ce484222325L;
    for (byte x : b) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
