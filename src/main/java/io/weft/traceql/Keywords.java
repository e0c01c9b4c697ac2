package io.weft.traceql;

import io.weft.model.Ids;
import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.model.TraceId;
import java.util.Locale;

/**
 * The values words stand for ({@code true}, {@code error}, {@code server}, {@code maxInt}, the
 * unscoped intrinsics), and literals rewritten for what they meet (ids, negative numbers).
 */
final class Keywords {
  private Keywords() {}

  /** A keyword that is a value or an intrinsic; null for any other word. */
  static FieldExpr word(Token t) {
    String w = t.str();
    switch (w) {
      case "true": return new Literal(Value.TRUE);
      case "false": return new Literal(Value.FALSE);
      case "nil": return new Literal(Value.NIL);
      case "ok": return new Literal(Value.ofStatus(StatusCode.OK));
      case "error": return new Literal(Value.ofStatus(StatusCode.ERROR));
      case "unset": return new Literal(Value.ofStatus(StatusCode.UNSET));
      case "unspecified": return new Literal(Value.ofKind(SpanKind.UNSPECIFIED));
      case "internal": return new Literal(Value.ofKind(SpanKind.INTERNAL));
      case "server": return new Literal(Value.ofKind(SpanKind.SERVER));
      case "client": return new Literal(Value.ofKind(SpanKind.CLIENT));
      case "producer": return new Literal(Value.ofKind(SpanKind.PRODUCER));
      case "consumer": return new Literal(Value.ofKind(SpanKind.CONSUMER));
      case "minInt": return new Literal(Value.ofInt(Long.MIN_VALUE));
      case "maxInt": return new Literal(Value.ofInt(Long.MAX_VALUE));
      default:
        Intrinsic i = Intrinsic.named(w);
        return i == null || w.contains(":") ? null : new IntrinsicRef(i, w);
    }
  }

  /**
   * An id written for comparison with an id intrinsic, in the form the intrinsic gives: trace ids
   * as Weft prints them (16 or 32 digits, so {@code "abc"} and a zero-padded 32-digit form both
   * match), span ids as 16 digits, lower case.
   */
  static FieldExpr idLiteral(FieldExpr e, FieldExpr other) {
    if (!(e instanceof Literal lit) || lit.type() != ValueType.STRING || !(other instanceof IntrinsicRef ref)) {
      return e;
    }
    String text = lit.value().asString().trim().toLowerCase(Locale.ROOT);
    try {
      return switch (ref.intrinsic()) {
        case TRACE_ID, LINK_TRACE_ID -> new Literal(Value.ofString(TraceId.fromHex(text).toHex()));
        case SPAN_ID, PARENT_ID, LINK_SPAN_ID -> new Literal(Value.ofString(
            Ids.hex16(Ids.parseHex(text))));
        default -> e;
      };
    } catch (IllegalArgumentException notHex) {
      return e; // matches nothing, as any other string
    }
  }

  static Value negate(Value v) {
    return switch (v.type()) {
      case INT -> Value.ofInt(-v.asLong());
      case DURATION -> Value.ofDuration(-v.asLong());
      default -> Value.ofFloat(-v.asDouble());
    };
  }
}
