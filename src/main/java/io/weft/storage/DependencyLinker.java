package io.weft.storage;

import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service call counts from traces, as Jaeger's memory store computes them: each span whose parent
 * ({@link Span#parentSpanId()}, the first CHILD_OF reference in the same trace) is in the same
 * trace under a different service counts one call parent service → child service; Zipkin's
 * shared client/server span ids are handled as described at {@link #addTrace(int, long[], long[], String[], boolean[])}.
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
    boolean[] server = new boolean[n];
    int i = 0;
    for (Span s : trace) {
      ids[i] = s.spanId();
      parents[i] = s.parentSpanId();
      services[i] = s.serviceName();
      server[i] = s.kind() == SpanKind.SERVER;
      i++;
    }
    return addTrace(n, ids, parents, services, server);
  }

  /**
   * Adds one trace given as parallel arrays: span {@code i} has id {@code ids[i]}, parent id
   * {@code parents[i]} (0 for a root), service {@code services[i]}, and {@code server[i]} when it
   * is a server-kind span. Backends that keep these primitives need not decode spans.
   *
   * <p>Zipkin's shared spans: a server span with the id of a non-server span is the callee half
   * of that call, so it counts caller service → its service (its own parent id is the caller's
   * parent). Children of a shared id belong to the server half, so parent lookups prefer it.
   */
  public DependencyLinker addTrace(int n, long[] ids, long[] parents, String[] services, boolean[] server) {
    Map<Long, Integer> byId = n > SCAN_LIMIT ? indexById(n, ids, server) : null;
    Map<Long, Integer> callers = n > SCAN_LIMIT ? callersById(n, ids, server) : null;
    for (int i = 0; i < n; i++) {
      int caller = !server[i] ? -1 : callers != null ? callers.getOrDefault(ids[i], -1) : sharedCaller(n, ids, server, i);
      if (caller >= 0) {
        link(services[caller], services[i]);
        continue;
      }
      if (parents[i] == 0) {
        continue;
      }
      int p = byId != null ? byId.getOrDefault(parents[i], -1) : find(n, ids, server, parents[i]);
      if (p >= 0) {
        link(services[p], services[i]);
      }
    }
    return this;
  }

  private void link(String parent, String child) {
    if (parent != null && child != null && !parent.equals(child)) {
      add(parent, child, 1);
    }
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

  /** The non-server span sharing span {@code i}'s id, or -1. */
  private static int sharedCaller(int n, long[] ids, boolean[] server, int i) {
    for (int j = 0; j < n; j++) {
      if (j != i && ids[j] == ids[i] && !server[j]) {
        return j;
      }
    }
    return -1;
  }

  /** The span with this id, the server half when the id is shared. */
  private static int find(int n, long[] ids, boolean[] server, long id) {
    int found = -1;
    for (int j = 0; j < n; j++) {
      if (ids[j] == id) {
        if (server[j]) {
          return j;
        }
        if (found < 0) {
          found = j;
        }
      }
    }
    return found;
  }

  private static Map<Long, Integer> callersById(int n, long[] ids, boolean[] server) {
    Map<Long, Integer> index = new HashMap<>();
    for (int j = 0; j < n; j++) {
      if (!server[j]) {
        index.putIfAbsent(ids[j], j);
      }
    }
    return index;
  }

  private static Map<Long, Integer> indexById(int n, long[] ids, boolean[] server) {
    Map<Long, Integer> index = new HashMap<>(n * 2);
    for (int j = 0; j < n; j++) {
      if (server[j]) {
        index.put(ids[j], j);
      } else {
        index.putIfAbsent(ids[j], j);
      }
    }
    return index;
  }
}
