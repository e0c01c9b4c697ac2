package io.weft.traceql;

import io.weft.model.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace as a query sees it: its spans by position, and, computed on first use, each span's
 * parent (by the parent span id, within the trace), its number of children, the root span and the
 * trace's duration. Positions are indexes into {@link #spans}.
 */
public final class TraceView {
  final List<Span> spans;
  private int[] parents;
  private int[] childCounts;
  private int root = -2;
  private long durationNanos = -1;

  public TraceView(List<Span> spans) {
    this.spans = spans;
  }

  public int size() {
    return spans.size();
  }

  public Span span(int i) {
    return spans.get(i);
  }

  /** The position of span {@code i}'s parent, or -1 for a root (or a parent not in the trace). */
  int parent(int i) {
    if (parents == null) {
      link();
    }
    return parents[i];
  }

  int childCount(int i) {
    if (parents == null) {
      link();
    }
    return childCounts[i];
  }

  /**
   * Which spans descend from one of the marked spans (have one as parent, parent's parent ...).
   * Each span's answer is worked out once, from its parent's, so a deep trace costs no more than a
   * wide one; parent ids that form a cycle are cut where the walk comes back.
   */
  boolean[] descendantsOf(boolean[] marked) {
    int n = spans.size();
    byte[] state = new byte[n]; // 0 unknown, 1 descends, 2 does not, 3 on the current walk
    int[] path = new int[n];
    for (int i = 0; i < n; i++) {
      int len = 0;
      int at = i;
      byte answer = 2;
      while (state[at] == 0) {
        state[at] = 3;
        path[len++] = at;
        int p = parent(at);
        if (p < 0) {
          break;
        }
        if (marked[p]) {
          answer = 1;
          break;
        }
        at = p;
      }
      if (state[at] == 1 || state[at] == 2) {
        answer = state[at];
      }
      // Along the walk: below a marked span everything descends; otherwise all share the answer.
      for (int k = len - 1; k >= 0; k--) {
        state[path[k]] = answer;
        if (marked[path[k]]) {
          answer = 1;
        }
      }
    }
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = state[i] == 1;
    }
    return out;
  }

  /** The root span's position: the earliest span without a parent in the trace; -1 if every span has one. */
  int root() {
    if (root == -2) {
      root = -1;
      for (int i = 0; i < spans.size(); i++) {
        if (spans.get(i).parentSpanId() == 0
            && (root < 0 || spans.get(i).startTimeMicros() < spans.get(root).startTimeMicros())) {
          root = i;
        }
      }
    }
    return root;
  }

  /** The earliest start, in microseconds. */
  public long startMicros() {
    long min = Long.MAX_VALUE;
    for (Span s : spans) {
      min = Math.min(min, s.startTimeMicros());
    }
    return min;
  }

  /** Latest end minus earliest start, in nanoseconds. */
  public long durationNanos() {
    if (durationNanos < 0) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (Span s : spans) {
        min = Math.min(min, s.startTimeMicros());
        max = Math.max(max, s.startTimeMicros() + s.durationMicros());
      }
      durationNanos = spans.isEmpty() ? 0 : Math.max(0, max - min) * 1000;
    }
    return durationNanos;
  }

  private void link() {
    int n = spans.size();
    Map<Long, Integer> byId = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      byId.putIfAbsent(spans.get(i).spanId(), i);
    }
    int[] p = new int[n];
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      long parentId = spans.get(i).parentSpanId();
      Integer at = parentId == 0 ? null : byId.get(parentId);
      p[i] = at == null || at == i ? -1 : at;
      if (p[i] >= 0) {
        c[p[i]]++;
      }
    }
    parents = p;
    childCounts = c;
  }
}
