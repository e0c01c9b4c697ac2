package io.weft.traceql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of spans of one trace (positions in ascending order) and the attributes the pipeline
 * gave it on the way ({@code by(...)}'s group value, an aggregate's result). Immutable.
 */
public final class Spanset {
  /** An attribute of a whole spanset: its name as Tempo writes it ({@code by(resource.service.name)}, {@code count()}). */
  public record Attribute(String name, Value value) {}

  final int[] spans;
  final List<Attribute> attributes;

  Spanset(int[] spans, List<Attribute> attributes) {
    this.spans = spans;
    this.attributes = List.copyOf(attributes);
  }

  static Spanset all(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return new Spanset(all, List.of());
  }

  /** The positions of its spans in the trace, ascending. */
  public int[] spans() {
    return spans.clone();
  }

  public int size() {
    return spans.length;
  }

  public List<Attribute> attributes() {
    return attributes;
  }

  Spanset withSpans(int[] s) {
    return new Spanset(s, attributes);
  }

  Spanset with(String name, Value value) {
    List<Attribute> a = new ArrayList<>(attributes.size() + 1);
    a.addAll(attributes);
    a.add(new Attribute(name, value));
    return new Spanset(spans, a);
  }

  /** The union of sorted position lists. */
  static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int next;
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        next = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        next = b[j++];
      } else {
        next = a[i++];
        j++;
      }
      out[n++] = next;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public String toString() {
    return Arrays.toString(spans) + (attributes.isEmpty() ? "" : " " + attributes);
  }
}
