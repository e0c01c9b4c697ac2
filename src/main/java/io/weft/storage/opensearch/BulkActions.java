package io.weft.storage.opensearch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Ids;
import io.weft.model.Span;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The bulk actions of a write: a document per span, per new service/operation/kind, and per
 * trace with dependency links. Every document has an id computed from its content, so writing it again
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
    return span(s, names.index(IndexNames.SPAN, s.startTimeMicros()));
  }

  /** The span's document in the given index (the archive's), under the same id. */
  BulkWriter.Action span(Span s, String index) {
    byte[] doc = docs.write(s);
    String id = s.traceId().toHex() + "-" + Ids.hex16(s.spanId()) + "-" + Long.toHexString(fnv(doc));
    return index(index, id, doc);
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
   * A trace's links: one document per trace (id: the trace id), in Jaeger's dependency shape
   * ({@code timestamp}, {@code dependencies} list), so Jaeger reads Weft's too. Weft's layout adds
   * {@code startTime} (µs) and {@code links}, one keyword "parent␟child␟calls" per link, which a
   * terms aggregation sums without nested documents. A trace whose start moved to another time
   * slice is deleted from the old one.
   */
  void links(TraceLinks.Update u, List<BulkWriter.Action> out) {
    String index = names.index(IndexNames.DEPENDENCIES, u.startMicros());
    String trace = u.traceId().toHex();
    if (u.storedStartMicros() != Long.MIN_VALUE) {
      String old = names.index(IndexNames.DEPENDENCIES, u.storedStartMicros());
      if (!old.equals(index)) {
        out.add(delete(old, trace));
      }
    }
    JsonArray list = new JsonArray();
    JsonArray keys = new JsonArray();
    u.links().forEach((pair, calls) -> {
      if (calls > 0) {
        list.add(new JsonObject().put("parent", pair.parent()).put("child", pair.child()).put("callCount", calls)
            .put("source", "weft"));
        keys.add(linkKey(pair.parent(), pair.child(), calls));
      }
    });
    JsonObject doc = new JsonObject();
    if (jaeger) {
      doc.put("timestamp", Instant.ofEpochMilli(Math.floorDiv(u.startMicros(), 1000)).toString());
    } else {
      doc.put("timestamp", Math.floorDiv(u.startMicros(), 1000)).put("startTime", u.startMicros())
          .put("traceID", trace).put("links", keys);
    }
    out.add(index(index, trace, doc.put("dependencies", list).toBuffer().getBytes()));
  }

  static final char LINK_SEPARATOR = '\u001f';

  static String linkKey(String parent, String child, long calls) {
    return parent + LINK_SEPARATOR + child + LINK_SEPARATOR + calls;
  }

  static BulkWriter.Action index(String index, String id, byte[] doc) {
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
