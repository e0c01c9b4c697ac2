package io.weft.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.weft.model.Tag;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** OTLP attribute values to typed tags and back, shared by the protobuf and the JSON paths. */
final class AnyValues {
  private static final JsonFactory JSON = new JsonFactory();

  private AnyValues() {}

  static List<Tag> toTags(List<KeyValue> attributes) {
    List<Tag> tags = new ArrayList<>(attributes.size());
    for (KeyValue kv : attributes) {
      tags.add(toTag(kv.getKey(), kv.getValue()));
    }
    return tags;
  }

  /**
   * Arrays and kvlists nest at most this deep as ARRAY and MAP tags (Weft's binary span codec reads 64);
   * deeper ones are kept as the JSON text Jaeger would show.
   */
  static final int MAX_DEPTH = 32;

  /**
   * Scalars keep their type, arrays and kvlists become ARRAY and MAP tags (shown by Jaeger-shaped
   * outputs as their JSON), an unset value is "".
   */
  static Tag toTag(String key, AnyValue v) {
    return toTag(key, v, 0);
  }

  private static Tag toTag(String key, AnyValue v, int depth) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> Tag.string(key, v.getStringValue());
      case BOOL_VALUE -> Tag.bool(key, v.getBoolValue());
      case INT_VALUE -> Tag.int64(key, v.getIntValue());
      case DOUBLE_VALUE -> Tag.float64(key, v.getDoubleValue());
      case BYTES_VALUE -> Tag.binary(key, v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        // A tag cannot hold an unset value inside an array or map, nor nest without bound: such a
        // value is kept as the JSON Jaeger shows for it.
        if (depth >= MAX_DEPTH || hasUnset(v)) {
          yield Tag.string(key, toJson(v));
        }
        List<Tag> elements = new ArrayList<>();
        if (v.hasArrayValue()) {
          for (AnyValue e : v.getArrayValue().getValuesList()) {
            elements.add(toTag("", e, depth + 1));
          }
          yield Tag.array(key, elements);
        }
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          elements.add(toTag(kv.getKey(), kv.getValue(), depth + 1));
        }
        yield Tag.map(key, elements);
      }
      default -> Tag.string(key, "");
    };
  }

  private static boolean hasUnset(AnyValue v) {
    return switch (v.getValueCase()) {
      case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().anyMatch(AnyValues::hasUnset);
      case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream().anyMatch(kv -> hasUnset(kv.getValue()));
      case VALUE_NOT_SET -> true;
      default -> false;
    };
  }

  /** The OTLP value of a tag: the inverse of {@link #toTag}. */
  static AnyValue toAnyValue(Tag t) {
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (t.type()) {
      case STRING -> v.setStringValue((String) t.value());
      case BOOL -> v.setBoolValue((Boolean) t.value());
      case INT64 -> v.setIntValue((Long) t.value());
      case FLOAT64 -> v.setDoubleValue((Double) t.value());
      case BINARY -> v.setBytesValue(ByteString.copyFrom((byte[]) t.value()));
      case ARRAY -> {
        ArrayValue.Builder a = ArrayValue.newBuilder();
        for (Tag e : t.values()) {
          a.addValues(toAnyValue(e));
        }
        v.setArrayValue(a);
      }
      case MAP -> {
        KeyValueList.Builder l = KeyValueList.newBuilder();
        for (Tag e : t.values()) {
          l.addValues(KeyValue.newBuilder().setKey(e.key()).setValue(toAnyValue(e)));
        }
        v.setKvlistValue(l);
      }
    }
    return v.build();
  }

  /**
   * The JSON text Jaeger (Go's encoding/json on pdata's raw value) produces: map keys sorted, the last
   * duplicate key wins, bytes as base64, unset values as null, floats without a trailing ".0".
   */
  static String toJson(AnyValue v) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, AnyValue v) throws IOException {
    switch (v.getValueCase()) {
      case STRING_VALUE -> g.writeString(v.getStringValue());
      case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
      case INT_VALUE -> g.writeNumber(v.getIntValue());
      case DOUBLE_VALUE -> writeDouble(g, v.getDoubleValue());
      case BYTES_VALUE -> g.writeString(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        g.writeStartArray();
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          write(g, e);
        }
        g.writeEndArray();
      }
      case KVLIST_VALUE -> {
        Map<String, AnyValue> sorted = new TreeMap<>();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          sorted.put(kv.getKey(), kv.getValue());
        }
        g.writeStartObject();
        for (Map.Entry<String, AnyValue> e : sorted.entrySet()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      default -> g.writeNull();
    }
  }

  /** Go's float formatting: plain for 1e-6 <= |d| < 1e21, else 1e+21 / 1e-7; JSON has no NaN, so a string. */
  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      g.writeString(Double.toString(d));
      return;
    }
    double abs = Math.abs(d);
    if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
      g.writeNumber(new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
      return;
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    String digits = b.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    g.writeNumber((d < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp));
  }
}
