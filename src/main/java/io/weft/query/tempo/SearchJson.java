package io.weft.query.tempo;

import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.model.Ids;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.storage.ScanResult;
import io.weft.traceql.Query;
import io.weft.traceql.SpanFields;
import io.weft.traceql.Spanset;
import io.weft.traceql.TraceView;
import io.weft.traceql.Value;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tempo's search response ({@code tempopb.SearchResponse} as JSON): per trace its id (hex, leading
 * zeros dropped, as Tempo writes it), root service and name, start (ns, a string, as protobuf
 * JSON writes 64-bit numbers), duration (ms), per-service span and error counts, and its spansets:
 * up to {@code spss} matched spans each (earliest first) with the attributes the query names, how
 * many spans matched, and the spanset's own attributes ({@code by()}, aggregates). Weft adds
 * {@code partial} and {@code partialReason} when the store did not test every candidate.
 */
final class SearchJson {
  static final String NO_ROOT = "<root span not yet received>";

  private SearchJson() {}

  static void write(JsonGenerator g, Query query, ScanResult result, int spss) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("traces");
    for (List<Span> trace : result.traces()) {
      TraceView view = new TraceView(trace);
      List<Spanset> sets = query.evaluate(view);
      if (!sets.isEmpty()) {
        trace(g, query, view, sets, spss);
      }
    }
    g.writeEndArray();
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("inspectedTraces", result.examined());
    g.writeNumberField("completedJobs", 1);
    g.writeNumberField("totalJobs", 1);
    g.writeEndObject();
    if (result.isPartial()) {
      g.writeBooleanField("partial", true);
      g.writeStringField("partialReason", result.partial());
    }
    g.writeEndObject();
  }

  private static void trace(JsonGenerator g, Query query, TraceView view, List<Spanset> sets, int spss)
      throws IOException {
    Span root = root(view);
    g.writeStartObject();
    g.writeStringField("traceID", tempoTraceId(view.span(0).traceId().toHex()));
    g.writeStringField("rootServiceName", root == null || root.serviceName() == null ? NO_ROOT : root.serviceName());
    if (root != null && root.operationName() != null) {
      g.writeStringField("rootTraceName", root.operationName());
    }
    g.writeStringField("startTimeUnixNano", Long.toString(view.startMicros() * 1000));
    g.writeNumberField("durationMs", view.durationNanos() / 1_000_000);
    g.writeFieldName("spanSet");
    spanset(g, query, view, sets.get(0), spss);
    g.writeArrayFieldStart("spanSets");
    for (Spanset s : sets) {
      spanset(g, query, view, s, spss);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("serviceStats");
    for (Map.Entry<String, int[]> e : serviceStats(view).entrySet()) {
      g.writeObjectFieldStart(e.getKey());
      g.writeNumberField("spanCount", e.getValue()[0]);
      if (e.getValue()[1] > 0) {
        g.writeNumberField("errorCount", e.getValue()[1]);
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void spanset(JsonGenerator g, Query query, TraceView view, Spanset set, int spss) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("spans");
    Integer[] order = Arrays.stream(set.spans()).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingLong(i -> view.span(i).startTimeMicros()));
    for (int k = 0; k < Math.min(spss, order.length); k++) {
      int i = order[k];
      Span s = view.span(i);
      g.writeStartObject();
      g.writeStringField("spanID", Ids.hex16(s.spanId()));
      if (s.operationName() != null) {
        g.writeStringField("name", s.operationName());
      }
      g.writeStringField("startTimeUnixNano", Long.toString(s.startTimeMicros() * 1000));
      g.writeStringField("durationNanos", Long.toString(s.durationMicros() * 1000));
      List<Spanset.Attribute> attrs = query.attributes(view, i);
      if (!attrs.isEmpty()) {
        g.writeArrayFieldStart("attributes");
        for (Spanset.Attribute a : attrs) {
          keyValue(g, a.name(), a.value());
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("matched", set.size());
    if (!set.attributes().isEmpty()) {
      g.writeArrayFieldStart("attributes");
      for (Spanset.Attribute a : set.attributes()) {
        keyValue(g, a.name(), a.value());
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** An OTLP KeyValue in protobuf JSON: ints as strings, durations and enums as their text. */
  static void keyValue(JsonGenerator g, String key, Value v) throws IOException {
    g.writeStartObject();
    g.writeStringField("key", key);
    g.writeObjectFieldStart("value");
    switch (v.type()) {
      case INT -> g.writeStringField("intValue", Long.toString(v.asLong()));
      case FLOAT -> g.writeNumberField("doubleValue", v.asDouble());
      case BOOL -> g.writeBooleanField("boolValue", v.isTrue());
      default -> g.writeStringField("stringValue", v.render());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Tempo's trace id text: hex without leading zeros. */
  static String tempoTraceId(String hex) {
    int i = 0;
    while (i < hex.length() - 1 && hex.charAt(i) == '0') {
      i++;
    }
    return hex.substring(i);
  }

  private static Span root(TraceView view) {
    Span root = null;
    for (int i = 0; i < view.size(); i++) {
      Span s = view.span(i);
      if (s.parentSpanId() == 0 && (root == null || s.startTimeMicros() < root.startTimeMicros())) {
        root = s;
      }
    }
    return root;
  }

  private static Map<String, int[]> serviceStats(TraceView view) {
    Map<String, int[]> stats = new TreeMap<>();
    for (int i = 0; i < view.size(); i++) {
      Span s = view.span(i);
      int[] c = stats.computeIfAbsent(s.serviceName() == null ? "" : s.serviceName(), k -> new int[2]);
      c[0]++;
      if (SpanFields.status(s) == StatusCode.ERROR) {
        c[1]++;
      }
    }
    return stats;
  }
}
