package io.weft.traceql;

import io.weft.model.Log;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * An attribute: {@code span.} a span tag, {@code resource.} a process tag (and
 * {@code service.name} the service), {@code .} a span tag else a process tag, {@code event.} a
 * field of one of the span's logs, {@code link.} an attribute of one of its links (Weft keeps only
 * {@code opentracing.ref_type}), {@code instrumentation.} an {@code otel.scope.*} tag.
 */
record AttributeRef(Scope scope, String name) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    Span s = t.span(i);
    return switch (scope) {
      case SPAN -> SpanFields.spanAttribute(s, name);
      case RESOURCE -> SpanFields.resourceAttribute(s, name);
      case UNSCOPED -> {
        Value v = SpanFields.spanAttribute(s, name);
        yield v.isNil() ? SpanFields.resourceAttribute(s, name) : v;
      }
      case INSTRUMENTATION -> SpanFields.instrumentationAttribute(s, name);
      case EVENT, LINK -> {
        List<Value> all = all(t, i);
        yield all.isEmpty() ? Value.NIL : all.get(0);
      }
    };
  }

  @Override
  public List<Value> all(TraceView t, int i) {
    Span s = t.span(i);
    if (scope == Scope.EVENT) {
      List<Value> out = new ArrayList<>(0);
      for (Log l : s.logs()) {
        Tag f = SpanFields.find(l.fields(), name);
        if (f != null) {
          out.add(Value.of(f));
        }
      }
      return out;
    }
    if (scope == Scope.LINK) {
      List<Value> out = new ArrayList<>(0);
      if (name.equals(SpanFields.REF_TYPE)) {
        for (SpanRef r : SpanFields.links(s)) {
          out.add(Value.ofString(r.type() == RefType.CHILD_OF ? "child_of" : "follows_from"));
        }
      }
      return out;
    }
    Value v = eval(t, i);
    return v.isNil() ? List.of() : List.of(v);
  }

  @Override
  public boolean multi() {
    return scope == Scope.EVENT || scope == Scope.LINK;
  }

  @Override
  public ValueType type() {
    return null;
  }

  @Override
  public String text() {
    return scope.prefix + "." + (needsQuotes(name) ? '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : name);
  }

  private static boolean needsQuotes(String n) {
    for (int k = 0; k < n.length(); k++) {
      if (!Lexer.isAttributeChar(n.charAt(k)) || n.charAt(k) == '"') {
        return true;
      }
    }
    return false;
  }
}
