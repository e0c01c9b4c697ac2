package io.weft.query.apiv3;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.weft.codec.OtlpEncoder;
import io.weft.codec.OtlpJsonWriter;
import io.weft.model.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Traces as api_v3 answers them over HTTP: one OTLP {@code TracesData} holding every trace's
 * resource spans, one trace after the other (as Jaeger's gateway combines them), wrapped as
 * {@code {"result": {...}}}. No trace at all is a 404, as in Jaeger.
 */
final class OtlpResult {
  static final String NOT_FOUND = "No traces found";

  private OtlpResult() {}

  static ApiReply of(List<List<Span>> traces) {
    int spans = 0;
    for (List<Span> t : traces) {
      spans += t.size();
    }
    if (spans == 0) {
      return ApiReply.error(404, NOT_FOUND);
    }
    // Encoding happens in the body writer, so that a large answer is encoded on a worker too.
    return ApiReply.ok(g -> {
      List<ResourceSpans> all = new ArrayList<>();
      for (List<Span> t : traces) {
        all.addAll(OtlpEncoder.encodeForQuery(t).getResourceSpansList());
      }
      g.writeStartObject();
      g.writeFieldName("result");
      OtlpJsonWriter.writeTracesData(g, all);
      g.writeEndObject();
    }, spans);
  }
}
