package io.weft.traceql;

import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * An attribute: {@code span.} a span tag, {@code resource.} a process tag (and
 * {@code service.name} the service), {@code .} a span tag else a process tag, {@code event.} a
 * field of one of the span's logs, {@code link.} an attribute of one of its links (the reference
 * type as {@code opentracing.ref_type} when the link has none), {@code instrumentation.} an
 * {@code otel.scope.*} tag. Arrays and maps compare as their JSON text, as Weft's tag search does.
 * Event and link attributes have a value per event or link, settled in {@link BinaryExpr}.
 */
record AttributeRef(Scope scope, String name) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    Tag tag = single(t.span(i));
    if (tag != null) {
      return Value.of(tag);
    }
    if (scope == Scope.INSTRUMENTATION) {
      return SpanFields.instrumentationAttribute(t.span(i), name);
    }
    List<Value> all = scope == Scope.EVENT || scope == Scope.LINK ? all(t, i) : List.of();
    return all.isEmpty() ? Value.NIL : all.get(0);
  }

  /** The one tag of a span-level scope (span, resource, unscoped), or null. */
  private Tag single(Span s) {
    return switch (scope) {
      case SPAN -> SpanFields.spanTag(s, name);
      case RESOURCE -> SpanFields.resourceTag(s, name);
      case UNSCOPED -> {
        Tag t = SpanFields.spanTag(s, name);
        yield t != null ? t : SpanFields.resourceTag(s, name);
      }
      default -> null;
    };
  }

  @Override
  public List<Value> all(TraceView t, int i) {
    Span s = t.span(i);
    switch (scope) {
      case EVENT -> {
        List<Value> out = new ArrayList<>(0);
        for (Log l : s.logs()) {
          Tag f = SpanFields.find(l.fields(), name);
          if (f != null) {
            out.add(Value.of(f));
          }
        }
        return out;
      }
      case LINK -> {
        List<Value> out = new ArrayList<>(0);
        for (SpanRef r : SpanFields.links(s)) {
          Tag f = SpanFields.linkTag(r, name);
          if (f != null) {
            out.add(Value.of(f));
          }
        }
        return out;
      }
      case INSTRUMENTATION -> {
        Value v = SpanFields.instrumentationAttribute(s, name);
        return v.isNil() ? List.of() : List.of(v);
      }
      default -> {
        Tag tag = single(s);
        return tag == null ? List.of() : List.of(Value.of(tag));
      }
    }
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
