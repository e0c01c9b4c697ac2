package io.weft.model;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A typed key/value. {@code value} is a String, Boolean, Long, Double or byte[] matching {@code type},
 * or for ARRAY and MAP an immutable {@code List<Tag>} (array elements have empty keys).
 * Use the factories; the compact constructor enforces the pairing.
 */
public record Tag(String key, TagType type, Object value) {

  public Tag {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    boolean ok = switch (type) {
      case STRING -> value instanceof String;
      case BOOL -> value instanceof Boolean;
      case INT64 -> value instanceof Long;
      case FLOAT64 -> value instanceof Double;
      case BINARY -> value instanceof byte[];
      case ARRAY, MAP -> value instanceof List<?> l && l.stream().allMatch(Tag.class::isInstance);
    };
    if (!ok) {
      throw new IllegalArgumentException("tag " + key + ": " + type + " value is " + value.getClass());
    }
    if (type == TagType.ARRAY || type == TagType.MAP) {
      value = List.copyOf((List<?>) value);
    }
  }

  public static Tag string(String key, String value) {
    return new Tag(key, TagType.STRING, value);
  }

  public static Tag bool(String key, boolean value) {
    return new Tag(key, TagType.BOOL, value);
  }

  public static Tag int64(String key, long value) {
    return new Tag(key, TagType.INT64, value);
  }

  public static Tag float64(String key, double value) {
    return new Tag(key, TagType.FLOAT64, value);
  }

  public static Tag binary(String key, byte[] value) {
    return new Tag(key, TagType.BINARY, value);
  }

  /** An array; the elements' keys are ignored by every format (use ""). */
  public static Tag array(String key, List<Tag> elements) {
    return new Tag(key, TagType.ARRAY, elements);
  }

  /** A map (OTLP's kvlist): keyed entries, in order, duplicates kept. */
  public static Tag map(String key, List<Tag> entries) {
    return new Tag(key, TagType.MAP, entries);
  }

  /** The elements of an ARRAY or the entries of a MAP. */
  @SuppressWarnings("unchecked")
  public List<Tag> values() {
    if (type != TagType.ARRAY && type != TagType.MAP) {
      throw new IllegalStateException(type + " tag " + key + " has no elements");
    }
    return (List<Tag>) value;
  }

  /**
   * The value as text, the way a tag search compares it ({@code error=true}, {@code http.status_code=500});
   * an ARRAY or MAP as the JSON Jaeger shows for it ({@code ["a","b"]}).
   */
  public String valueAsString() {
    return switch (type) {
      case BINARY -> Base64.getEncoder().encodeToString((byte[]) value);
      case ARRAY, MAP -> TagJson.of(this);
      case FLOAT64 -> {
        double d = (Double) value;
        yield d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
            ? Long.toString((long) d) : Double.toString(d);
      }
      default -> value.toString();
    };
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tag t) || !key.equals(t.key) || type != t.type) {
      return false;
    }
    return type == TagType.BINARY ? Arrays.equals((byte[]) value, (byte[]) t.value) : value.equals(t.value);
  }

  @Override
  public int hashCode() {
    int h = key.hashCode() * 31 + type.hashCode();
    return h * 31 + (type == TagType.BINARY ? Arrays.hashCode((byte[]) value) : value.hashCode());
  }

  @Override
  public String toString() {
    return key + "=" + valueAsString();
  }
}
