package io.weft.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.model.Ids;
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TagType;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jaeger's UI JSON (its {@code model/json} package, as served by {@code /api/traces}), written in
 * one streaming pass, and read back. Field names, id formats and tag value types follow Jaeger:
 * ids in hex (trace 16 or 32 digits, span 16), int64 values as numbers unless beyond JavaScript's
 * safe integer range (then strings), binary values in base64, processes deduplicated per trace as
 * {@code p1, p2, ...}, empty warnings as {@code null}.
 */
public final class JaegerUiJson {
  static final JsonFactory FACTORY = new JsonFactory();
  private static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;

  private JaegerUiJson() {}

  /** Writes the {@code data} part of a response. */
  @FunctionalInterface
  public interface DataWriter {
    void write(JsonGenerator g) throws IOException;
  }

  /** An entry of the envelope's {@code errors}; {@code code} 0 and {@code traceId} null are left out, as Jaeger does. */
  public record ApiError(int code, String msg, String traceId) {
    public static ApiError of(int code, String msg) {
      return new ApiError(code, msg, null);
    }
  }

  /** A UTF-8 generator on {@code out}; the caller closes it (which flushes, and does not close {@code out}). */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /** {@code {"data":...,"total":N,"limit":0,"offset":0,"errors":[...]|null}}. */
  public static void writeEnvelope(JsonGenerator g, DataWriter data, int total, List<ApiError> errors)
      throws IOException {
    g.writeStartObject();
    g.writeFieldName("data");
    if (data == null) {
      g.writeNull();
    } else {
      data.write(g);
    }
    g.writeNumberField("total", total);
    g.writeNumberField("limit", 0);
    g.writeNumberField("offset", 0);
    g.writeFieldName("errors");
    if (errors == null || errors.isEmpty()) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (ApiError e : errors) {
        g.writeStartObject();
        if (e.code() != 0) {
          g.writeNumberField("code", e.code());
        }
        g.writeStringField("msg", e.msg());
        if (e.traceId() != null) {
          g.writeStringField("traceID", e.traceId());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** The error response: {@code {"data":null,"total":0,...,"errors":[{"code":404,"msg":"trace not found"}]}}. */
  public static void writeError(JsonGenerator g, int code, String msg) throws IOException {
    writeEnvelope(g, null, 0, List.of(ApiError.of(code, msg)));
  }

  /** An array of traces, each a list of its spans in display order. */
  public static void writeTraces(JsonGenerator g, List<List<Span>> traces) throws IOException {
    g.writeStartArray();
    for (List<Span> t : traces) {
      writeTrace(g, t);
    }
    g.writeEndArray();
  }

  /** One trace: {@code {"traceID","spans":[...],"processes":{...},"warnings":null}}. */
  public static void writeTrace(JsonGenerator g, List<Span> spans) throws IOException {
    // Processes are written after the spans, so ids are assigned while writing them.
    Map<Process, String> processIds = new LinkedHashMap<>();
    g.writeStartObject();
    g.writeStringField("traceID", spans.isEmpty() ? "" : spans.get(0).traceId().toHex());
    g.writeArrayFieldStart("spans");
    for (Span s : spans) {
      Process p = s.process() == null ? new Process("", List.of()) : s.process();
      String pid = processIds.computeIfAbsent(p, k -> "p" + (processIds.size() + 1));
      writeSpan(g, s, pid);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("processes");
    for (Map.Entry<Process, String> e : processIds.entrySet()) {
      g.writeObjectFieldStart(e.getValue());
      g.writeStringField("serviceName", e.getKey().serviceName());
      writeTags(g, "tags", e.getKey().tags());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeNullField("warnings");
    g.writeEndObject();
  }

  private static void writeSpan(JsonGenerator g, Span s, String processId) throws IOException {
    g.writeStartObject();
    g.writeStringField("traceID", s.traceId().toHex());
    g.writeStringField("spanID", Ids.spanIdHex(s.spanId()));
    g.writeNumberField("flags", s.flags());
    g.writeStringField("operationName", s.operationName());
    g.writeArrayFieldStart("references");
    for (SpanRef r : s.references()) {
      g.writeStartObject();
      g.writeStringField("refType", r.type().name());
      g.writeStringField("traceID", r.traceId().toHex());
      g.writeStringField("spanID", Ids.spanIdHex(r.spanId()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("startTime", s.startTimeMicros());
    g.writeNumberField("duration", s.durationMicros());
    writeTags(g, "tags", JaegerTags.effective(s));
    g.writeArrayFieldStart("logs");
    for (Log l : s.logs()) {
      g.writeStartObject();
      g.writeNumberField("timestamp", l.timestampMicros());
      writeTags(g, "fields", l.fields());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("processID", processId);
    g.writeFieldName("warnings");
    if (s.warnings().isEmpty()) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (String w : s.warnings()) {
        g.writeString(w);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeTags(JsonGenerator g, String field, List<Tag> tags) throws IOException {
    g.writeArrayFieldStart(field);
    for (Tag t : tags) {
      g.writeStartObject();
      g.writeStringField("key", t.key());
      // Jaeger has no array or map type: it shows them as a string holding their JSON.
      boolean structured = t.type() == TagType.ARRAY || t.type() == TagType.MAP;
      g.writeStringField("type", structured ? "string" : t.type().name().toLowerCase(Locale.ROOT));
      g.writeFieldName("value");
      switch (t.type()) {
        case STRING -> g.writeString((String) t.value());
        case ARRAY, MAP -> g.writeString(t.valueAsString());
        case BOOL -> g.writeBoolean((Boolean) t.value());
        case INT64 -> {
          long v = (Long) t.value();
          // Larger values would lose precision in the browser; Jaeger sends those as text.
          if (v > JS_MAX_SAFE_INTEGER || v < -JS_MAX_SAFE_INTEGER) {
            g.writeString(Long.toString(v));
          } else {
            g.writeNumber(v);
          }
        }
        case FLOAT64 -> g.writeNumber((Double) t.value()); // NaN and infinities come out as strings
        case BINARY -> g.writeBinary((byte[]) t.value()); // base64, as Go marshals []byte
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code ["a","b"]}. */
  public static void writeStrings(JsonGenerator g, List<String> values) throws IOException {
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** {@code [{"name","spanKind"}]}. */
  public static void writeOperations(JsonGenerator g, List<Operation> ops) throws IOException {
    g.writeStartArray();
    for (Operation o : ops) {
      g.writeStartObject();
      g.writeStringField("name", o.name());
      g.writeStringField("spanKind", o.spanKind() == null ? "" : o.spanKind());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code [{"parent","child","callCount"}]}. */
  public static void writeDependencies(JsonGenerator g, List<DependencyLink> links) throws IOException {
    g.writeStartArray();
    for (DependencyLink l : links) {
      g.writeStartObject();
      g.writeStringField("parent", l.parent());
      g.writeStringField("child", l.child());
      g.writeNumberField("callCount", l.callCount());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Convenience for tests and tools: whatever {@code data} writes, as bytes. */
  public static byte[] toBytes(DataWriter data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = generator(out)) {
      data.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One trace as a standalone JSON document (what the UI offers for download). */
  public static byte[] traceToBytes(List<Span> spans) {
    return toBytes(g -> writeTrace(g, spans));
  }

  /**
   * Reads spans from Jaeger UI JSON: a trace object, an array of them, or an API response
   * ({@code {"data":[...]}}). Spans may name a {@code processID} or embed a {@code process}.
   * The {@code span.kind} and {@code otel.status_*} tags become the span's kind and status again.
   *
   * @throws CodecException when the input is not such JSON
   */
  public static List<Span> read(byte[] json) {
    return JaegerUiJsonReader.read(json);
  }
}
