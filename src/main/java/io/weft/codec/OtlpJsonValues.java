package io.weft.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * OTLP JSON's fields and values for {@link OtlpJsonParser}: lowerCamelCase or snake_case names, 64-bit
 * integers as numbers or strings, enums by name or number, hex ids, base64 bytes. A {@link Bad} thrown
 * below collects its path on its way up.
 */
final class OtlpJsonValues {
  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private OtlpJsonValues() {}


  /** Runs {@code f} on field {@code camel} (or {@code snake}) of object {@code n} if present and not null. */
  static void at(JsonNode n, String camel, String snake, Consumer<JsonNode> f) {
    String name = camel;
    JsonNode v = object(n).get(camel);
    if (v == null && !snake.equals(camel)) {
      name = snake;
      v = n.get(snake);
    }
    if (v == null || v.isNull()) {
      return;
    }
    try {
      f.accept(v);
    } catch (Bad b) {
      b.path.addFirst("." + name);
      throw b;
    }
  }

  /** Runs {@code f} on each element of array field {@code camel} (or {@code snake}). */
  static void each(JsonNode n, String camel, String snake, Consumer<JsonNode> f) {
    at(n, camel, snake, arr -> {
      if (!arr.isArray()) {
        throw new Bad("expected an array, got " + arr.getNodeType());
      }
      for (int i = 0; i < arr.size(); i++) {
        try {
          f.accept(arr.get(i));
        } catch (Bad b) {
          b.path.addFirst("[" + i + "]");
          throw b;
        }
      }
    });
  }

  static JsonNode object(JsonNode n) {
    if (!n.isObject()) {
      throw new Bad("expected an object, got " + n.getNodeType());
    }
    return n;
  }

  // ---- scalars

  static String string(JsonNode n) {
    if (!n.isTextual()) {
      throw new Bad("expected a string, got " + n.getNodeType());
    }
    return n.textValue();
  }

  static boolean bool(JsonNode n) {
    if (!n.isBoolean()) {
      throw new Bad("expected true or false, got " + n.getNodeType());
    }
    return n.booleanValue();
  }

  /** An integer as a JSON number or a decimal string (how OTLP writes 64-bit values). */
  static BigInteger integer(JsonNode n) {
    try {
      if (n.isIntegralNumber()) {
        return n.bigIntegerValue();
      }
      if (n.isNumber()) {
        return n.decimalValue().toBigIntegerExact(); // 1e3 or 5.0, but not 1.5
      }
      if (n.isTextual()) {
        return new BigInteger(n.textValue().trim());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // fall through to the message below
    }
    throw new Bad("expected an integer, got " + show(n));
  }

  static long int64(JsonNode n) {
    BigInteger v = integer(n);
    if (v.bitLength() > 63) {
      throw new Bad("integer out of int64 range: " + v);
    }
    return v.longValue();
  }

  static long uint64(JsonNode n) {
    BigInteger v = integer(n);
    if (v.signum() < 0 || v.compareTo(MAX_UINT64) > 0) {
      throw new Bad("integer out of uint64 range: " + v);
    }
    return v.longValue();
  }

  static int uint32(JsonNode n) {
    BigInteger v = integer(n);
    if (v.signum() < 0 || v.bitLength() > 32) {
      throw new Bad("integer out of uint32 range: " + v);
    }
    return v.intValue();
  }

  /** A double as a JSON number or a string, including "NaN", "Infinity" and "-Infinity". */
  static double dbl(JsonNode n) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      String s = n.textValue().trim();
      switch (s) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            // fall through
          }
      }
    }
    throw new Bad("expected a number, got " + show(n));
  }

  static int enumValue(JsonNode n, ToIntFunction<String> byName) {
    if (n.isTextual() && !n.textValue().isEmpty() && !Character.isDigit(n.textValue().charAt(0))) {
      try {
        return byName.applyAsInt(n.textValue());
      } catch (IllegalArgumentException e) {
        throw new Bad("unknown enum value " + show(n));
      }
    }
    BigInteger v = integer(n);
    if (v.bitLength() > 31) {
      throw new Bad("enum value out of range: " + v);
    }
    return v.intValue();
  }

  /** OTLP JSON ids are hex (case-insensitive); a wrong length is left for the span validator. */
  static ByteString hex(JsonNode n) {
    String s = string(n);
    if (s.length() % 2 != 0) {
      throw new Bad("expected an even number of hex digits, got \"" + cut(s) + "\"");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new Bad("expected a hex id, got \"" + cut(s) + "\"");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return ByteString.copyFrom(out);
  }

  /** Protobuf JSON bytes: standard or URL-safe base64, padding optional. */
  static ByteString base64(JsonNode n) {
    String s = string(n);
    try {
      boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
      return ByteString.copyFrom((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s));
    } catch (IllegalArgumentException e) {
      throw new Bad("expected base64, got \"" + cut(s) + "\"");
    }
  }

  private static String cut(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  /** A value for an error message, cut short: the payload is untrusted and may be huge. */
  private static String show(JsonNode n) {
    return n.isContainerNode() ? n.getNodeType().toString() : cut(n.toString());
  }

  /** A structural error; its path is filled in while it propagates, so the happy path pays nothing. */
  static final class Bad extends RuntimeException {
    final Deque<String> path = new ArrayDeque<>();

    Bad(String message) {
      super(message, null, false, false);
    }

    String path() {
      return "$" + String.join("", path);
    }
  }
}
