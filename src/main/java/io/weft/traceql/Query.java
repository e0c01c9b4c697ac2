package io.weft.traceql;

import io.weft.model.Span;
import io.weft.storage.TraceFilter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed TraceQL query, evaluated on one trace at a time: the pipeline starts from one spanset
 * holding every span of the trace, and the trace matches when spansets come out at the end.
 * Immutable and safe to share between threads.
 */
public final class Query implements TraceFilter {
  /** Intrinsics Tempo leaves out of a matched span's attributes (they have fields of their own). */
  private static final Set<Intrinsic> NOT_SHOWN = EnumSet.of(Intrinsic.NAME, Intrinsic.DURATION,
      Intrinsic.TRACE_DURATION, Intrinsic.ROOT_NAME, Intrinsic.ROOT_SERVICE, Intrinsic.TRACE_ID, Intrinsic.SPAN_ID);

  private final String text;
  private final Stage root;
  private final List<FieldExpr> shown;

  Query(String text, Stage root, List<FieldExpr> referenced) {
    this.text = text;
    this.root = root;
    List<FieldExpr> s = new ArrayList<>();
    for (FieldExpr f : referenced) {
      if (!(f instanceof IntrinsicRef i && NOT_SHOWN.contains(i.intrinsic()))) {
        s.add(f);
      }
    }
    this.shown = List.copyOf(s);
  }

  /** @throws ParseException naming the line, column, what was expected and what was found */
  public static Query parse(String text) {
    return Parser.parse(text);
  }

  public String text() {
    return text;
  }

  /** The spansets this trace gives (none: it does not match). */
  public List<Spanset> evaluate(TraceView trace) {
    if (trace.size() == 0) {
      return List.of();
    }
    return root.apply(List.of(Spanset.all(trace.size())), trace);
  }

  @Override
  public boolean test(List<Span> trace) {
    return !evaluate(new TraceView(trace)).isEmpty();
  }

  @Override
  public String expression() {
    return text;
  }

  /** A matched span's attributes: the fields the query names that the span has, first value of each. */
  public List<Spanset.Attribute> attributes(TraceView t, int span) {
    List<Spanset.Attribute> out = new ArrayList<>(shown.size());
    for (FieldExpr f : shown) {
      Value v = f.eval(t, span);
      if (!v.isNil()) {
        out.add(new Spanset.Attribute(name(f), v));
      }
    }
    return out;
  }

  private static String name(FieldExpr f) {
    if (f instanceof AttributeRef a) {
      return a.name();
    }
    Intrinsic i = ((IntrinsicRef) f).intrinsic();
    return i.names[0];
  }

  /**
   * What one span of every matching trace has, in the terms stores search by: the candidates a
   * store needs to test (a trace without such a span cannot match).
   */
  public SpanConditions candidates() {
    return Planner.plan(this);
  }

  /** The stages, for the planner. */
  Stage root() {
    return root;
  }

  @Override
  public String toString() {
    return root.text();
  }
}
