package io.weft.traceql;

import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Attribute names and values seen on spans, by scope, for Tempo's tag endpoints and the query
 * editor's suggestions; intrinsic values where they are few (status, kind) or seen (names).
 * Each name keeps at most {@link #MAX_VALUES} values. Not thread-safe: fill, then read.
 */
public final class TagCatalog {
  public static final int MAX_VALUES = 1000;
  /** Attribute scopes, in the order Tempo lists them. */
  public static final List<String> SCOPES = List.of("span", "resource", "event", "link", "instrumentation");
  /** The intrinsics a query may name (Tempo's "intrinsic" scope). */
  public static final List<String> INTRINSICS = List.of("duration", "event:name", "event:timeSinceStart",
      "instrumentation:name", "instrumentation:version", "kind", "link:spanID", "link:traceID", "name", "rootName",
      "rootServiceName", "span:childCount", "span:duration", "span:id", "span:kind", "span:name", "span:parentID",
      "span:status", "span:statusMessage", "status", "statusMessage", "trace:duration", "trace:id", "trace:rootName",
      "trace:rootService", "traceDuration");

  /** A value and the type name Tempo gives it ({@code keyword} for status and kind). */
  public record TypedValue(String type, String value) {}

  private final Map<String, Map<String, Set<Value>>> scopes = new LinkedHashMap<>();
  private final Map<Intrinsic, Set<Value>> intrinsics = new LinkedHashMap<>();

  public TagCatalog() {
    for (String s : SCOPES) {
      scopes.put(s, new LinkedHashMap<>());
    }
  }

  /** Everything span {@code i} of the trace holds. */
  public void add(TraceView t, int i) {
    Span s = t.span(i);
    for (Tag tag : s.tags()) {
      if (tag.key().startsWith(SpanFields.SCOPE_PREFIX)) {
        String k = tag.key().substring(SpanFields.SCOPE_PREFIX.length());
        if (!k.equals("name") && !k.equals("version")) { // those are instrumentation:name and :version
          put("instrumentation", k, Value.of(tag));
        }
      } else {
        put("span", tag.key(), Value.of(tag));
      }
    }
    if (s.process() != null) {
      if (s.serviceName() != null && !s.serviceName().isEmpty()) {
        put("resource", SpanFields.SERVICE_NAME, Value.ofString(s.serviceName()));
      }
      for (Tag tag : s.process().tags()) {
        put("resource", tag.key(), Value.of(tag));
      }
    }
    for (Log l : s.logs()) {
      for (Tag f : l.fields()) {
        if (!f.key().equals(Intrinsic.EVENT_NAME_FIELD)) {
          put("event", f.key(), Value.of(f));
        }
      }
    }
    for (SpanRef r : SpanFields.links(s)) {
      put("link", SpanFields.REF_TYPE, Value.of(SpanFields.linkTag(r, SpanFields.REF_TYPE)));
      for (Tag tag : r.tags()) {
        put("link", tag.key(), Value.of(tag));
      }
    }
    for (Intrinsic in : new Intrinsic[] {Intrinsic.NAME, Intrinsic.STATUS_MESSAGE, Intrinsic.EVENT_NAME,
        Intrinsic.INSTRUMENTATION_NAME, Intrinsic.INSTRUMENTATION_VERSION}) {
      for (Value v : in.all(t, i)) {
        if (!(v.type() == ValueType.STRING && v.asString().isEmpty())) {
          putIntrinsic(in, v);
        }
      }
    }
  }

  /** Every span of every spanset the query gave for this trace. */
  public void addMatched(TraceView t, List<Spanset> sets) {
    for (Spanset ss : sets) {
      for (int i : ss.spans) {
        add(t, i);
      }
    }
  }

  /** A service known otherwise (the store's list): a value of resource.service.name. */
  public void addService(String name) {
    put("resource", SpanFields.SERVICE_NAME, Value.ofString(name));
  }

  /** Attribute names of a scope, sorted. */
  public Set<String> names(String scope) {
    Map<String, Set<Value>> m = scopes.get(scope);
    return m == null ? Set.of() : new TreeSet<>(m.keySet());
  }

  /**
   * The values of a field named as in a query ({@code resource.service.name}, {@code .http.method},
   * {@code name}, {@code span:status}); empty for a name that is no field.
   */
  public List<TypedValue> values(String field) {
    List<Token> tokens;
    try {
      tokens = Lexer.tokens(field.trim());
    } catch (ParseException e) {
      return List.of();
    }
    if (tokens.size() != 2) {
      return List.of();
    }
    Token t = tokens.get(0);
    Set<Value> found = new LinkedHashSet<>();
    boolean keyword = false;
    if (t.kind() == TokenKind.ATTRIBUTE) {
      if (t.scope().isEmpty()) {
        found.addAll(values("span", t.str()));
        found.addAll(values("resource", t.str()));
      } else {
        found.addAll(values(t.scope(), t.str()));
      }
    } else if (t.kind() == TokenKind.IDENTIFIER || t.kind() == TokenKind.SCOPED_INTRINSIC) {
      Intrinsic in = Intrinsic.named(t.text());
      if (in == null) {
        return List.of();
      }
      switch (in) {
        case STATUS -> {
          keyword = true;
          for (io.weft.model.StatusCode c : io.weft.model.StatusCode.values()) {
            found.add(Value.ofStatus(c));
          }
        }
        case KIND -> {
          keyword = true;
          for (io.weft.model.SpanKind k : io.weft.model.SpanKind.values()) {
            found.add(Value.ofKind(k));
          }
        }
        case ROOT_NAME -> found.addAll(intrinsics.getOrDefault(Intrinsic.NAME, Set.of()));
        case ROOT_SERVICE -> found.addAll(values("resource", SpanFields.SERVICE_NAME));
        default -> found.addAll(intrinsics.getOrDefault(in, Set.of()));
      }
    } else {
      return List.of();
    }
    List<TypedValue> out = new ArrayList<>(found.size());
    for (Value v : found) {
      out.add(new TypedValue(keyword ? "keyword" : v.type().apiName(), v.render()));
    }
    return out;
  }

  /** Values of an unscoped name, as text (Tempo's v1 tag values: span and resource attributes). */
  public List<String> textValues(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (Value v : values("span", name)) {
      out.add(v.render());
    }
    for (Value v : values("resource", name)) {
      out.add(v.render());
    }
    return new ArrayList<>(out);
  }

  private Set<Value> values(String scope, String key) {
    Map<String, Set<Value>> m = scopes.get(scope);
    return m == null ? Set.of() : m.getOrDefault(key, Set.of());
  }

  private void put(String scope, String key, Value v) {
    Set<Value> set = scopes.get(scope).computeIfAbsent(key, k -> new LinkedHashSet<>());
    if (set.size() < MAX_VALUES) {
      set.add(v);
    }
  }

  private void putIntrinsic(Intrinsic in, Value v) {
    Set<Value> set = intrinsics.computeIfAbsent(in, k -> new LinkedHashSet<>());
    if (set.size() < MAX_VALUES) {
      set.add(v);
    }
  }
}
