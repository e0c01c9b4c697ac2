package io.weft.query.apiv3;

import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.query.TraceSummary;
import java.io.IOException;
import java.util.List;

/**
 * {@code FindTraceSummariesResponse} in proto3 JSON, as Jaeger writes it: camelCase names in field
 * order, the two fixed64 times as decimal strings, zero counts and empty names left out (the trace id
 * is always there, as 32 hex digits, which the Jaeger UI requires). An empty result is {@code {"summaries":[]}}.
 */
final class SummaryJson {
  private SummaryJson() {}

  static void write(JsonGenerator g, List<TraceSummary> summaries) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("summaries");
    for (TraceSummary s : summaries) {
      g.writeStartObject();
      g.writeStringField("traceId", s.traceId());
      string(g, "rootServiceName", s.rootServiceName());
      string(g, "rootOperationName", s.rootOperationName());
      if (s.minStartTimeUnixNano() != 0) {
        g.writeStringField("minStartTimeUnixNano", Long.toUnsignedString(s.minStartTimeUnixNano()));
      }
      if (s.maxEndTimeUnixNano() != 0) {
        g.writeStringField("maxEndTimeUnixNano", Long.toUnsignedString(s.maxEndTimeUnixNano()));
      }
      count(g, "spanCount", s.spanCount());
      count(g, "errorSpanCount", s.errorSpanCount());
      count(g, "orphanSpanCount", s.orphanSpanCount());
      if (!s.services().isEmpty()) {
        g.writeArrayFieldStart("services");
        for (TraceSummary.ServiceSummary svc : s.services()) {
          g.writeStartObject();
          g.writeStringField("name", svc.name()); // the UI's schema requires a name, even ""
          count(g, "spanCount", svc.spanCount());
          count(g, "errorSpanCount", svc.errorSpanCount());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String v) throws IOException {
    if (v != null && !v.isEmpty()) {
      g.writeStringField(name, v);
    }
  }

  private static void count(JsonGenerator g, String name, int v) throws IOException {
    if (v != 0) {
      g.writeNumberField(name, v);
    }
  }
}
