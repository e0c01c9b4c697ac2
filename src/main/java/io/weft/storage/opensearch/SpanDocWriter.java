package io.weft.storage.opensearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.weft.model.Ids;
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TagType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A span as an OpenSearch document, in Jaeger's shape (the fields of Jaeger's {@code jaeger-span-*}
 * documents: hex {@code traceID}/{@code spanID}, {@code references}, {@code startTime} in µs and
 * {@code startTimeMillis}, {@code duration}, {@code tags}, {@code logs}, {@code process}), so the
 * documents read the same whichever layout wrote them.
 *
 * <p>Jaeger's layout writes exactly Jaeger's fields, the span's kind and OTel status as the tags
 * Jaeger shows ({@link JaegerTags#effective}). Weft's own adds what Jaeger's documents lose, so a
 * span reads back field for field ({@code kind}, {@code status}, {@code warnings}), and the
 * {@code tagKV} keywords ("key=value" for every tag as a search sees it, process tags and log fields
 * included) that searches match exactly and cheaply.
 *
 * <p>Tag values keep their JSON type (as Jaeger writes them since 1.16), binary ones as hex; a
 * whole float is written without a fraction so its keyword is the text a search gives ("3"). An OTLP
 * array or map has as its value the JSON text Jaeger shows for it (what a search compares); Weft's
 * layout keeps its typed {@code elements} beside it, unindexed, so it reads back as it came, while
 * Jaeger's layout, which has no such types, stores it as a string tag as Jaeger does.
 */
final class SpanDocWriter {
  /** Longest "key=value" kept in {@code tagKV}; longer ones are matched by filtering (see TraceSearch). */
  static final int MAX_TAG_KV = 256;
  private static final JsonFactory FACTORY = new JsonFactory();

  private final boolean jaeger;

  SpanDocWriter(boolean jaeger) {
    this.jaeger = jaeger;
  }

  byte[] write(Span s) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(s, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void write(Span s, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("traceID", s.traceId().toHex());
    g.writeStringField("spanID", Ids.hex16(s.spanId()));
    if (s.flags() != 0) {
      g.writeNumberField("flags", s.flags());
    }
    if (s.operationName() != null || jaeger) { // Weft's layout leaves out what is absent, so it reads back absent
      g.writeStringField("operationName", s.operationName() == null ? "" : s.operationName());
    }
    g.writeArrayFieldStart("references");
    for (SpanRef r : s.references()) {
      g.writeStartObject();
      g.writeStringField("refType", r.type().name());
      g.writeStringField("traceID", r.traceId().toHex());
      g.writeStringField("spanID", Ids.hex16(r.spanId()));
      if (!jaeger && !r.tags().isEmpty()) {
        keyValues(g, "tags", r.tags()); // an OTLP link's attributes; Jaeger's references have none
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("startTime", s.startTimeMicros());
    g.writeNumberField("startTimeMillis", Math.floorDiv(s.startTimeMicros(), 1000));
    g.writeNumberField("duration", s.durationMicros());
    List<Tag> tags = jaeger ? JaegerTags.effective(s) : s.tags();
    keyValues(g, "tags", tags);
    g.writeArrayFieldStart("logs");
    for (Log l : s.logs()) {
      g.writeStartObject();
      g.writeNumberField("timestamp", l.timestampMicros());
      keyValues(g, "fields", l.fields());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (s.process() != null || jaeger) {
      g.writeObjectFieldStart("process");
      if (s.serviceName() != null || jaeger) {
        g.writeStringField("serviceName", s.serviceName() == null ? "" : s.serviceName());
      }
      keyValues(g, "tags", s.process() == null ? List.of() : s.process().tags());
      g.writeEndObject();
    }
    if (!jaeger) {
      weftFields(s, g);
    }
    g.writeEndObject();
  }

  private static void weftFields(Span s, JsonGenerator g) throws IOException {
    if (s.kind() != SpanKind.UNSPECIFIED) {
      g.writeStringField("kind", s.kind().tagValue());
    }
    if (s.statusCode() != StatusCode.UNSET || !s.statusMessage().isEmpty()) { // OTLP allows a message with UNSET
      g.writeObjectFieldStart("status");
      g.writeStringField("code", s.statusCode().name());
      if (!s.statusMessage().isEmpty()) {
        g.writeStringField("message", s.statusMessage());
      }
      g.writeEndObject();
    }
    if (!s.warnings().isEmpty()) {
      g.writeArrayFieldStart("warnings");
      for (String w : s.warnings()) {
        g.writeString(w);
      }
      g.writeEndArray();
    }
    g.writeArrayFieldStart("tagKV");
    for (String kv : tagKV(s)) {
      g.writeString(kv);
    }
    g.writeEndArray();
  }

  /** "key=value" of every tag a search matches on this span (see {@link io.weft.storage.SpanMatcher}). */
  static Set<String> tagKV(Span s) {
    Set<String> out = new LinkedHashSet<>();
    addKV(out, JaegerTags.effective(s));
    if (s.process() != null) {
      addKV(out, s.process().tags());
    }
    for (Log l : s.logs()) {
      addKV(out, l.fields());
    }
    return out;
  }

  private static void addKV(Set<String> out, List<Tag> tags) {
    for (Tag t : tags) {
      String kv = kv(t.key(), t.valueAsString());
      if (kv.length() <= MAX_TAG_KV) {
        out.add(kv);
      }
    }
  }

  static String kv(String key, String value) {
    return key + "=" + value;
  }

  private void keyValues(JsonGenerator g, String field, List<Tag> tags) throws IOException {
    g.writeArrayFieldStart(field);
    for (Tag t : tags) {
      keyValue(g, t);
    }
    g.writeEndArray();
  }

  private void keyValue(JsonGenerator g, Tag t) throws IOException {
    g.writeStartObject();
    g.writeStringField("key", t.key());
    boolean list = t.type() == TagType.ARRAY || t.type() == TagType.MAP;
    g.writeStringField("type", list && jaeger ? "string" : t.type().name().toLowerCase(Locale.ROOT));
    g.writeFieldName("value");
    switch (t.type()) {
      case STRING -> g.writeString((String) t.value());
      case BOOL -> g.writeBoolean((Boolean) t.value());
      case INT64 -> g.writeNumber((Long) t.value());
      case FLOAT64 -> {
        double d = (Double) t.value();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          g.writeString(Double.toString(d)); // JSON has no such number; the reader parses the text
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15 && !(d == 0 && 1 / d < 0)) {
          g.writeNumber((long) d);
        } else {
          g.writeNumber(d);
        }
      }
      case BINARY -> g.writeString(hex((byte[]) t.value()));
      case ARRAY, MAP -> {
        g.writeString(t.valueAsString());
        if (!jaeger) {
          keyValues(g, "elements", t.values());
        }
      }
    }
    g.writeEndObject();
  }

  static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = Character.forDigit((b[i] >> 4) & 0xf, 16);
      out[2 * i + 1] = Character.forDigit(b[i] & 0xf, 16);
    }
    return new String(out);
  }
}
