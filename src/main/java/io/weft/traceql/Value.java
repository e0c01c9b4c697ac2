package io.weft.traceql;

import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import java.util.Objects;

/**
 * A typed TraceQL value. Numbers keep their type (an int, a float, a duration in nanoseconds);
 * status and kind are enums; {@link #NIL} stands for an absent attribute. Comparisons follow
 * TraceQL: numbers compare across int, float and duration, strings compare as text, and anything
 * compared with nil is false.
 */
public final class Value {
  public static final Value NIL = new Value(ValueType.NIL, 0, null);
  public static final Value TRUE = new Value(ValueType.BOOL, 1, null);
  public static final Value FALSE = new Value(ValueType.BOOL, 0, null);

  private final ValueType type;
  /** INT, DURATION (ns), BOOL (0/1), STATUS and KIND (ordinal) values; FLOAT as raw bits. */
  private final long bits;
  private final String text;

  private Value(ValueType type, long bits, String text) {
    this.type = type;
    this.bits = bits;
    this.text = text;
  }

  public static Value ofInt(long v) {
    return new Value(ValueType.INT, v, null);
  }

  public static Value ofFloat(double v) {
    return new Value(ValueType.FLOAT, Double.doubleToRawLongBits(v), null);
  }

  public static Value ofString(String v) {
    return new Value(ValueType.STRING, 0, Objects.requireNonNull(v));
  }

  public static Value ofBool(boolean v) {
    return v ? TRUE : FALSE;
  }

  public static Value ofDuration(long nanos) {
    return new Value(ValueType.DURATION, nanos, null);
  }

  public static Value ofStatus(StatusCode s) {
    return new Value(ValueType.STATUS, s.ordinal(), null);
  }

  public static Value ofKind(SpanKind k) {
    return new Value(ValueType.KIND, k.ordinal(), null);
  }

  /**
   * A stored tag as a value: binary tags read as their base64 text, arrays and maps as their JSON
   * text, as Weft's tag search compares them (so a planned search and the query agree).
   */
  public static Value of(Tag t) {
    return switch (t.type()) {
      case STRING -> ofString((String) t.value());
      case BOOL -> ofBool((Boolean) t.value());
      case INT64 -> ofInt((Long) t.value());
      case FLOAT64 -> ofFloat((Double) t.value());
      case BINARY, ARRAY, MAP -> ofString(t.valueAsString());
    };
  }

  public ValueType type() {
    return type;
  }

  public boolean isNil() {
    return type == ValueType.NIL;
  }

  public boolean isTrue() {
    return type == ValueType.BOOL && bits != 0;
  }

  public long asLong() {
    return type == ValueType.FLOAT ? (long) asDouble() : bits;
  }

  public double asDouble() {
    return switch (type) {
      case FLOAT -> Double.longBitsToDouble(bits);
      case INT, DURATION -> bits;
      default -> Double.NaN;
    };
  }

  public String asString() {
    return text;
  }

  public StatusCode asStatus() {
    return StatusCode.values()[(int) bits];
  }

  public SpanKind asKind() {
    return SpanKind.values()[(int) bits];
  }

  /** TraceQL equality: false when either side is nil; numbers across types; status and kind by value. */
  public boolean equalTo(Value o) {
    if (type == ValueType.NIL || o.type == ValueType.NIL) {
      return false;
    }
    if (type.isNumeric() && o.type.isNumeric()) {
      if (type == ValueType.FLOAT || o.type == ValueType.FLOAT) {
        return asDouble() == o.asDouble();
      }
      return bits == o.bits;
    }
    if (type != o.type) {
      return false;
    }
    return type == ValueType.STRING ? text.equals(o.text) : bits == o.bits;
  }

  /**
   * The order of two values of comparable types (numbers, strings), or null when they do not
   * compare (nil, different types, booleans, enums).
   */
  public Integer compareTo(Value o) {
    if (type.isNumeric() && o.type.isNumeric()) {
      if (type == ValueType.FLOAT || o.type == ValueType.FLOAT) {
        double a = asDouble();
        double b = o.asDouble();
        return Double.isNaN(a) || Double.isNaN(b) ? null : Double.compare(a, b);
      }
      return Long.compare(bits, o.bits);
    }
    if (type == ValueType.STRING && o.type == ValueType.STRING) {
      return text.compareTo(o.text);
    }
    return null;
  }

  /** The value as Tempo prints it in tag values and span attributes. */
  public String render() {
    return switch (type) {
      case NIL -> "nil";
      case INT -> Long.toString(bits);
      case FLOAT -> Tag.float64("", asDouble()).valueAsString();
      case STRING -> text;
      case BOOL -> bits != 0 ? "true" : "false";
      case DURATION -> GoDurations.format(bits);
      case STATUS -> asStatus().name().toLowerCase(java.util.Locale.ROOT);
      case KIND -> asKind().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** The text a stored tag with this value has ({@link Tag#valueAsString}); null when no tag text matches it. */
  public String tagText() {
    return switch (type) {
      case INT, STRING, BOOL, FLOAT -> render();
      default -> null;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Value v && v.type == type && v.bits == bits && Objects.equals(v.text, text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, bits, text);
  }

  @Override
  public String toString() {
    if (type != ValueType.STRING) {
      return render();
    }
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
