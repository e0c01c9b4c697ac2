package io.weft.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.model.Ids;
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TagType;
import io.weft.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Jaeger UI JSON back into spans. Lenient the way files in the wild need: tag values may
 * be native JSON or text (Jaeger's storage JSON writes them as text), {@code type} may be absent,
 * a span may embed its process or give a {@code parentSpanID} instead of references.
 */
final class JaegerUiJsonReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JaegerUiJsonReader() {}

  static List<Span> read(byte[] json) {
    try {
      return fromTree(MAPPER.readTree(json));
    } catch (IOException e) {
      throw new CodecException("not JSON: " + e.getMessage(), e);
    }
  }

  private static List<Span> fromTree(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      throw new CodecException("empty document");
    }
    List<Span> out = new ArrayList<>();
    if (root.isObject() && root.has("data")) {
      root = root.get("data");
    }
    if (root.isArray()) {
      for (JsonNode t : root) {
        readTrace(t, out);
      }
    } else {
      readTrace(root, out);
    }
    return out;
  }

  private static void readTrace(JsonNode trace, List<Span> out) {
    if (!trace.isObject() || !trace.path("spans").isArray()) {
      throw new CodecException("expected a trace object with a \"spans\" array");
    }
    Map<String, Process> processes = new HashMap<>();
    trace.path("processes").fields().forEachRemaining(e -> processes.put(e.getKey(), process(e.getValue())));
    for (JsonNode s : trace.get("spans")) {
      out.add(span(s, processes));
    }
  }

  private static Span span(JsonNode s, Map<String, Process> processes) {
    TraceId traceId = traceId(s.path("traceID"), "span traceID");
    long spanId = spanId(s.path("spanID"), "spanID");
    Process process;
    if (s.path("process").isObject()) {
      process = process(s.get("process"));
    } else {
      process = processes.get(s.path("processID").asText());
      if (process == null) {
        throw new CodecException("span " + Ids.spanIdHex(spanId) + ": unknown processID \""
            + s.path("processID").asText() + "\"");
      }
    }
    List<SpanRef> refs = new ArrayList<>();
    for (JsonNode r : s.path("references")) {
      RefType type;
      try {
        type = RefType.valueOf(r.path("refType").asText("CHILD_OF").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CodecException("not a valid refType: " + r.path("refType").asText());
      }
      JsonNode tid = r.path("traceID");
      refs.add(new SpanRef(type, tid.isMissingNode() ? traceId : traceId(tid, "reference traceID"),
          spanId(r.path("spanID"), "reference spanID")));
    }
    if (refs.isEmpty() && s.hasNonNull("parentSpanID")) {
      long parent = spanId(s.get("parentSpanID"), "parentSpanID");
      if (parent != 0) {
        refs.add(SpanRef.childOf(traceId, parent));
      }
    }
    List<Log> logs = new ArrayList<>();
    for (JsonNode l : s.path("logs")) {
      logs.add(new Log(l.path("timestamp").asLong(), tags(l.path("fields"))));
    }
    List<String> warnings = new ArrayList<>();
    for (JsonNode w : s.path("warnings")) {
      warnings.add(w.asText());
    }
    Span.Builder b = Span.builder()
        .traceId(traceId)
        .spanId(spanId)
        .operationName(s.path("operationName").asText(""))
        .references(refs)
        .flags(s.path("flags").asInt(0))
        .startTimeMicros(s.path("startTime").asLong())
        .durationMicros(s.path("duration").asLong())
        .logs(logs)
        .process(process)
        .warnings(warnings);
    return withKindAndStatus(b, tags(s.path("tags"))).build();
  }

  /** Undoes {@link JaegerTags#effective}: those tags become the span's kind and status again. */
  private static Span.Builder withKindAndStatus(Span.Builder b, List<Tag> tags) {
    SpanKind kind = SpanKind.UNSPECIFIED;
    StatusCode status = StatusCode.UNSET;
    String description = "";
    List<Tag> rest = new ArrayList<>(tags.size());
    for (Tag t : tags) {
      String v = t.valueAsString();
      if (t.key().equals(JaegerTags.SPAN_KIND) && kind == SpanKind.UNSPECIFIED
          && SpanKind.fromTagValue(v) != SpanKind.UNSPECIFIED) {
        kind = SpanKind.fromTagValue(v);
      } else if (t.key().equals(JaegerTags.STATUS_CODE) && status == StatusCode.UNSET
          && (v.equals("OK") || v.equals("ERROR"))) {
        status = StatusCode.valueOf(v);
      } else {
        rest.add(t);
      }
    }
    if (status == StatusCode.ERROR) {
      // effective() renders these two from the status; keep them once, in the status only.
      List<Tag> kept = new ArrayList<>(rest.size());
      boolean errorTagSeen = false;
      for (Tag t : rest) {
        if (t.key().equals(JaegerTags.STATUS_DESCRIPTION) && description.isEmpty()) {
          description = t.valueAsString();
        } else if (t.equals(Tag.bool(JaegerTags.ERROR, true)) && !errorTagSeen) {
          errorTagSeen = true;
        } else {
          kept.add(t);
        }
      }
      rest = kept;
    }
    return b.tags(rest).kind(kind).status(status, description);
  }

  private static Process process(JsonNode p) {
    return new Process(p.path("serviceName").asText(""), tags(p.path("tags")));
  }

  private static List<Tag> tags(JsonNode array) {
    List<Tag> out = new ArrayList<>();
    for (JsonNode kv : array) {
      out.add(tag(kv));
    }
    return out;
  }

  private static Tag tag(JsonNode kv) {
    String key = kv.path("key").asText();
    JsonNode v = kv.path("value");
    String type = kv.path("type").asText("");
    try {
      return switch (type.toLowerCase(Locale.ROOT)) {
        case "string" -> Tag.string(key, v.asText());
        case "bool" -> Tag.bool(key, v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText()));
        case "int64" -> Tag.int64(key, v.isIntegralNumber() ? v.longValue() : Long.parseLong(v.asText()));
        case "float64" -> Tag.float64(key, v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText()));
        case "binary" -> Tag.binary(key, Base64.getDecoder().decode(v.asText()));
        case "" -> untyped(key, v);
        default -> throw new CodecException("tag " + key + ": not a valid type \"" + type + "\"");
      };
    } catch (IllegalArgumentException e) {
      throw new CodecException("tag " + key + ": bad " + type + " value " + v, e);
    }
  }

  /** No {@code type}: go by the JSON value. */
  private static Tag untyped(String key, JsonNode v) {
    if (v.isBoolean()) {
      return Tag.bool(key, v.booleanValue());
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return Tag.int64(key, v.longValue());
    }
    if (v.isNumber()) {
      return Tag.float64(key, v.doubleValue());
    }
    return new Tag(key, TagType.STRING, v.asText());
  }

  private static TraceId traceId(JsonNode n, String what) {
    try {
      return TraceId.fromHex(n.asText());
    } catch (IllegalArgumentException e) {
      throw new CodecException("bad " + what + ": \"" + n.asText() + "\"");
    }
  }

  private static long spanId(JsonNode n, String what) {
    try {
      return Ids.parseHex(n.asText());
    } catch (IllegalArgumentException e) {
      throw new CodecException("bad " + what + ": \"" + n.asText() + "\"");
    }
  }
}
