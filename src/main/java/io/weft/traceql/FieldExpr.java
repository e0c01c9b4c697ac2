package io.weft.traceql;

import java.util.List;

/**
 * An expression evaluated on one span of a trace: an attribute, an intrinsic, a literal, or an
 * operation over those. Event and link fields have a value per event or link ({@link #all}); a
 * comparison with them holds when it holds for one of them.
 */
interface FieldExpr {
  /** The value on span {@code i}; for a field with several values the first, or nil. */
  Value eval(TraceView t, int i);

  /** Every value on span {@code i}: one, except for event and link fields (none when absent). */
  default List<Value> all(TraceView t, int i) {
    return List.of(eval(t, i));
  }

  /** Whether {@link #all} may hold other than one value. */
  default boolean multi() {
    return false;
  }

  /** The type every value has, or null when known only from the data (attributes). */
  ValueType type();

  /** The expression as TraceQL text (Tempo's way: binary operations in parentheses). */
  String text();
}
