package io.weft.storage;

import io.weft.model.Span;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service call counts from traces, as Jaeger's memory store computes them: each span whose parent
 * ({@link Span#parentSpanId()}, the first CHILD_OF reference in the same trace) is in the same
 * trace under a different service counts one call parent service → child service. When several
 * spans share the parent's id (Zipkin's shared client/server spans) the first one is the parent.
 * Accumulates over any number of traces; not thread-safe.
 */
public final class DependencyLinker {
  /** Above this many spans a trace's parent lookup uses a hash map instead of a scan. */
  private static final int SCAN_LIMIT = 32;

  private final TreeMap<String, TreeMap<String, long[]>> counts = new TreeMap<>();

  /** The links of one trace. */
  public static List<DependencyLink> linksOf(Collection<Span> trace) {
    return new DependencyLinker().addTrace(trace).links();
  }

  public DependencyLinker addTrace(Collection<Span> trace) {
    int n = trace.size();
    long[] ids = new long[n];
    long[] parents = new long[n];
    String[] services = new String[n];
    int i = 0;
    for (Span s : trace) {
      ids[i] = s.spanId();
      parents[i] = s.parentSpanId();
      services[i] = s.serviceName();
      i++;
    }
    return addTrace(n, ids, parents, services);
  }

  /**
   * Adds one trace given as parallel arrays, in arrival order: span {@code i} has id
   * {@code ids[i]}, parent id {@code parents[i]} (0 for a root) and service {@code services[i]}.
   * Backends that keep these primitives need not decode spans.
   */
  public DependencyLinker addTrace(int n, long[] ids, long[] parents, String[] services) {
    Map<Long, Integer> firstIndex = n > SCAN_LIMIT ? indexById(n, ids) : null;
    for (int i = 0; i < n; i++) {
      if (parents[i] == 0) {
        continue;
      }
      int p = firstIndex != null ? firstIndex.getOrDefault(parents[i], -1) : scan(n, ids, parents[i]);
      if (p >= 0 && services[p] != null && services[i] != null && !services[p].equals(services[i])) {
        add(services[p], services[i], 1);
      }
    }
    return this;
  }

  public void add(String parent, String child, long calls) {
    counts.computeIfAbsent(parent, k -> new TreeMap<>()).computeIfAbsent(child, k -> new long[1])[0] += calls;
  }

  /** The accumulated links, sorted by parent then child. */
  public List<DependencyLink> links() {
    List<DependencyLink> out = new ArrayList<>();
    counts.forEach((parent, children) ->
        children.forEach((child, n) -> out.add(new DependencyLink(parent, child, n[0]))));
    return out;
  }

  private static int scan(int n, long[] ids, long id) {
    for (int j = 0; j < n; j++) {
      if (ids[j] == id) {
        return j;
      }
    }
    return -1;
  }

  private static Map<Long, Integer> indexById(int n, long[] ids) {
    Map<Long, Integer> index = new HashMap<>(n * 2);
    for (int j = 0; j < n; j++) {
      index.putIfAbsent(ids[j], j);
    }
    return index;
  }
}
