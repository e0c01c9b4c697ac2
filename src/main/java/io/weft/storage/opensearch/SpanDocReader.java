package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a span document back: Weft's own, or one Jaeger wrote, as Jaeger's own reader takes them.
 * Tag values may be text (Jaeger before 1.16) or their JSON type; binary values are hex; an array
 * or map is read from its typed {@code elements} and a reference's {@code tags} are an OTLP link's
 * attributes (both Weft's layout only); the {@code tag} and {@code process.tag} maps (Jaeger's
 * tags-as-fields, dots written as {@code @}) add tags; a {@code parentSpanID} not already a CHILD_OF
 * reference becomes the first one. A document without Weft's {@code kind} and {@code status} gets
 * them from the {@code span.kind} and {@code otel.status_*} tags, as Weft's Jaeger receivers do
 * (Weft's own documents, which always carry {@code tagKV}, keep kind and status in fields of their own).
 */
final class SpanDocReader {
  private static final String DOT_REPLACEMENT = "@";

  private SpanDocReader() {}

  static Span read(JsonNode d) {
    TraceId traceId = TraceId.fromHex(d.path("traceID").asText());
    List<SpanRef> refs = new ArrayList<>();
    for (JsonNode r : d.path("references")) {
      RefType type = r.path("refType").asText().equals("FOLLOWS_FROM") ? RefType.FOLLOWS_FROM : RefType.CHILD_OF;
      refs.add(new SpanRef(type, TraceId.fromHex(r.path("traceID").asText()), Ids.parseHex(r.path("spanID").asText()),
          keyValues(r.path("tags"))));
    }
    String parent = d.path("parentSpanID").asText("");
    if (!parent.isEmpty()) {
      long p = Ids.parseHex(parent);
      if (p != 0 && refs.stream().noneMatch(r -> r.type() == RefType.CHILD_OF && r.spanId() == p
          && r.traceId().equals(traceId))) {
        refs.add(0, SpanRef.childOf(traceId, p));
      }
    }
    List<Tag> tags = keyValues(d.path("tags"));
    tags.addAll(tagMap(d.path("tag")));
    List<Log> logs = new ArrayList<>();
    for (JsonNode l : d.path("logs")) {
      logs.add(new Log(l.path("timestamp").asLong(), keyValues(l.path("fields"))));
    }
    JsonNode p = d.path("process");
    List<Tag> processTags = keyValues(p.path("tags"));
    processTags.addAll(tagMap(p.path("tag")));
    List<String> warnings = new ArrayList<>();
    for (JsonNode w : d.path("warnings")) {
      warnings.add(w.asText());
    }
    // Weft's own documents (tagKV) leave out an absent name or process; Jaeger's always have them.
    boolean weft = d.has("tagKV");
    Span.Builder b = Span.builder()
        .traceId(traceId)
        .spanId(Ids.parseHex(d.path("spanID").asText()))
        .operationName(weft && !d.has("operationName") ? null : d.path("operationName").asText(""))
        .references(refs)
        .flags(d.path("flags").asInt(0))
        .startTimeMicros(d.path("startTime").asLong())
        .durationMicros(d.path("duration").asLong())
        .logs(logs)
        .process(weft && !d.has("process") ? null
            : new Process(weft && !p.has("serviceName") ? null : p.path("serviceName").asText(""), processTags))
        .warnings(warnings);
    if (weft) { // Weft's own document: kind and status are fields, the tags are the span's own

      JsonNode status = d.path("status");
      return b.tags(tags).kind(SpanKind.fromTagValue(d.path("kind").asText(null)))
          .status(statusCode(status.path("code").asText("UNSET")), status.path("message").asText(""))
          .build();
    }
    return kindAndStatusFromTags(b, tags).build();
  }

  private static StatusCode statusCode(String code) {
    return switch (code) {
      case "OK" -> StatusCode.OK;
      case "ERROR" -> StatusCode.ERROR;
      default -> StatusCode.UNSET;
    };
  }

  /** Undoes {@link JaegerTags#effective}: those tags become the span's kind and status again. */
  private static Span.Builder kindAndStatusFromTags(Span.Builder b, List<Tag> tags) {
    SpanKind kind = SpanKind.UNSPECIFIED;
    StatusCode status = StatusCode.UNSET;
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
    String description = "";
    if (status == StatusCode.ERROR) {
      // effective() renders these two from the status; keep them once, in the status only.
      List<Tag> kept = new ArrayList<>(rest.size());
      boolean errorSeen = false;
      for (Tag t : rest) {
        if (t.key().equals(JaegerTags.STATUS_DESCRIPTION) && description.isEmpty()) {
          description = t.valueAsString();
        } else if (t.equals(Tag.bool(JaegerTags.ERROR, true)) && !errorSeen) {
          errorSeen = true;
        } else {
          kept.add(t);
        }
      }
      rest = kept;
    }
    return b.tags(rest).kind(kind).status(status, description);
  }

  static List<Tag> keyValues(JsonNode array) {
    List<Tag> out = new ArrayList<>();
    for (JsonNode kv : array) {
      out.add(tag(kv.path("key").asText(), kv.path("type").asText(""), kv.path("value"), kv.path("elements")));
    }
    return out;
  }

  private static Tag tag(String key, String type, JsonNode v, JsonNode elements) {
    try {
      return switch (type.toLowerCase(Locale.ROOT)) {
        case "string" -> Tag.string(key, v.asText());
        case "bool" -> Tag.bool(key, v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText()));
        case "int64" -> Tag.int64(key, v.isNumber() ? v.longValue() : Long.parseLong(v.asText()));
        case "float64" -> Tag.float64(key, v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText()));
        case "binary" -> Tag.binary(key, HexFormat.of().parseHex(v.asText()));
        // Weft's typed elements; without them (a document from elsewhere) the JSON text as a string
        case "array" -> elements.isArray() ? Tag.array(key, keyValues(elements)) : Tag.string(key, v.asText());
        case "map" -> elements.isArray() ? Tag.map(key, keyValues(elements)) : Tag.string(key, v.asText());
        default -> untyped(key, v);
      };
    } catch (IllegalArgumentException e) {
      return Tag.string(key, v.asText()); // a value not of its declared type stays readable as text
    }
  }

  private static Tag untyped(String key, JsonNode v) {
    if (v.isBoolean()) {
      return Tag.bool(key, v.booleanValue());
    }
    if (v.isIntegralNumber()) {
      return Tag.int64(key, v.longValue());
    }
    if (v.isNumber()) {
      return Tag.float64(key, v.doubleValue());
    }
    return Tag.string(key, v.asText());
  }

  /** Jaeger's tags-as-fields map: {@code {"http@method": "GET"}}. */
  private static List<Tag> tagMap(JsonNode map) {
    List<Tag> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(untyped(e.getKey().replace(DOT_REPLACEMENT, "."), e.getValue()));
    }
    return out;
  }
}
