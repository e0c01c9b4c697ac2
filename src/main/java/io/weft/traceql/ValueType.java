package io.weft.traceql;

/** The types of TraceQL values; {@code NIL} is "absent". */
public enum ValueType {
  NIL, INT, FLOAT, STRING, BOOL, DURATION, STATUS, KIND;

  boolean isNumeric() {
    return this == INT || this == FLOAT || this == DURATION;
  }

  /** The type name Tempo's tag-values API uses. */
  public String apiName() {
    return switch (this) {
      case NIL -> "nil";
      case INT -> "int";
      case FLOAT -> "float";
      case STRING -> "string";
      case BOOL -> "bool";
      case DURATION -> "duration";
      case STATUS -> "status";
      case KIND -> "kind";
    };
  }
}
