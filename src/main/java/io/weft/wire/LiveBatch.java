package io.weft.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.weft.codec.JaegerUiJson;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans just stored, as published on {@code weft.spans.live[.service]}. Subscribers see JSON in the
 * shape of Jaeger's API answer, {@code {"service": s|null, "data": [trace, ...]}} (a trace holding
 * only the batch's spans of that trace), which Jaeger tools and {@code JaegerUiJson.read} understand.
 * The JSON is made only when a subscriber receives it (see {@link LiveBatchCodec}), once per batch.
 */
public final class LiveBatch {
  private final String service;
  private final List<Span> spans;
  private volatile JsonObject json;

  public LiveBatch(String service, List<Span> spans) {
    this.service = service;
    this.spans = spans;
  }

  public JsonObject toJson() {
    JsonObject j = json;
    if (j == null) {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      spans.forEach(s -> byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s));
      List<List<Span>> traces = new ArrayList<>(byTrace.values());
      JsonObject data = new JsonObject(Buffer.buffer(JaegerUiJson.toBytes(g -> {
        g.writeStartObject();
        g.writeFieldName("data");
        JaegerUiJson.writeTraces(g, traces);
        g.writeEndObject();
      })));
      j = data.put("service", service).put("count", spans.size());
      json = j;
    }
    return j;
  }
}
