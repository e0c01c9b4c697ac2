package io.weft.traceql;

/** Operators between two field values. */
enum BinaryOp {
  AND("&&"), OR("||"),
  EQ("="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">="), RE("=~"), NRE("!~"),
  ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^");

  final String symbol;

  BinaryOp(String symbol) {
    this.symbol = symbol;
  }

  boolean isComparison() {
    return ordinal() >= EQ.ordinal() && ordinal() <= NRE.ordinal();
  }

  boolean isArithmetic() {
    return ordinal() >= ADD.ordinal();
  }

  boolean isLogical() {
    return this == AND || this == OR;
  }

  static BinaryOp of(TokenKind k) {
    return switch (k) {
      case AND -> AND;
      case OR -> OR;
      case EQ -> EQ;
      case NEQ -> NEQ;
      case LT -> LT;
      case LTE -> LTE;
      case GT -> GT;
      case GTE -> GTE;
      case RE -> RE;
      case NRE -> NRE;
      case ADD -> ADD;
      case SUB -> SUB;
      case MUL -> MUL;
      case DIV -> DIV;
      case MOD -> MOD;
      case POW -> POW;
      default -> null;
    };
  }

  /** Whether two values may meet in a comparison: same type, two numbers, or a status and an int. */
  static boolean comparable(ValueType a, ValueType b) {
    return a == b || (a.isNumeric() && b.isNumeric())
        || (a == ValueType.STATUS && b == ValueType.INT) || (a == ValueType.INT && b == ValueType.STATUS);
  }

  /** The comparison of two single values; false when either is nil or they do not compare. */
  boolean compare(Value l, Value r, java.util.regex.Pattern regex) {
    if (l.isNil() || r.isNil() || !comparable(l.type(), r.type())) {
      return false;
    }
    switch (this) {
      case EQ:
        return statusOrEqual(l, r);
      case NEQ:
        return !statusOrEqual(l, r);
      case RE:
      case NRE:
        if (l.type() != ValueType.STRING) {
          return false;
        }
        java.util.regex.Pattern p = regex != null ? regex : Regexes.compile(r.asString());
        return p.matcher(l.asString()).matches() == (this == RE);
      default:
        Integer c = l.compareTo(r);
        if (c == null) {
          return false;
        }
        return switch (this) {
          case LT -> c < 0;
          case LTE -> c <= 0;
          case GT -> c > 0;
          default -> c >= 0;
        };
    }
  }

  private static boolean statusOrEqual(Value l, Value r) {
    if (l.type() != r.type() && (l.type() == ValueType.STATUS || r.type() == ValueType.STATUS)) {
      // Tempo numbers statuses error=0, ok=1, unset=2
      Value status = l.type() == ValueType.STATUS ? l : r;
      Value number = status == l ? r : l;
      return tempoStatusNumber(status) == number.asLong();
    }
    return l.equalTo(r);
  }

  private static long tempoStatusNumber(Value status) {
    return switch (status.asStatus()) {
      case ERROR -> 0;
      case OK -> 1;
      case UNSET -> 2;
    };
  }

  /** Arithmetic: int with int stays int (nil on division by zero), anything else numeric is a float. */
  Value arithmetic(Value l, Value r) {
    if (!l.type().isNumeric() || !r.type().isNumeric()) {
      return Value.NIL;
    }
    if (l.type() == ValueType.INT && r.type() == ValueType.INT) {
      long a = l.asLong();
      long b = r.asLong();
      return switch (this) {
        case ADD -> Value.ofInt(a + b);
        case SUB -> Value.ofInt(a - b);
        case MUL -> Value.ofInt(a * b);
        case DIV -> b == 0 ? Value.NIL : Value.ofInt(a / b);
        case MOD -> b == 0 ? Value.NIL : Value.ofInt(a % b);
        default -> Value.ofInt((long) Math.pow(a, b));
      };
    }
    double a = l.asDouble();
    double b = r.asDouble();
    return switch (this) {
      case ADD -> Value.ofFloat(a + b);
      case SUB -> Value.ofFloat(a - b);
      case MUL -> Value.ofFloat(a * b);
      case DIV -> Value.ofFloat(a / b);
      case MOD -> Value.ofFloat(a % b);
      default -> Value.ofFloat(Math.pow(a, b));
    };
  }
}
