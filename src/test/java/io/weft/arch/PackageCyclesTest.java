package io.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No package of io.weft depends, through any path, on itself: the packages read as layers along the
 * data path. A dependency is an import or a fully qualified name in code (see {@link SourceTree}).
 */
class PackageCyclesTest {
  private static final String ROOT = "io.weft";

  @Test
  void noPackageCycle() {
    SourceTree tree = SourceTree.main();
    Map<String, Map<String, String>> edges = edges(tree);
    List<String> cycles = new ArrayList<>();
    for (Set<String> scc : stronglyConnected(edges)) {
      if (scc.size() > 1) {
        cycles.add(describe(shortestCycle(edges, scc), edges));
      }
    }
    assertTrue(cycles.isEmpty(), "package cycles (each edge names the first file making it):\n  "
        + String.join("\n  ", cycles));
  }

  /** The composition root (io.weft: WeftNode) is imported by the command line only; roles never reach back. */
  @Test
  void onlyTheCommandLineImportsTheCompositionRoot() {
    SourceTree tree = SourceTree.main();
    List<String> offenders = new ArrayList<>();
    edges(tree).forEach((from, to) -> {
      if (to.containsKey(ROOT) && !from.equals(ROOT + ".cli")) {
        offenders.add(to.get(ROOT) + " (package " + from + ")");
      }
    });
    assertEquals(List.of(), offenders, "files outside io.weft.cli using the composition root");
  }

  /** The checker itself: a two-package cycle in a scratch tree is found and named. */
  @Test
  void findsACycleAndNamesTheFiles() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("arch");
    write(dir, "io/weft/a/A.java", "package io.weft.a;\nimport io.weft.b.B;\nclass A { B b; }\n");
    write(dir, "io/weft/b/B.java", "package io.weft.b;\n/** io.weft.c.C in a comment is no dependency */\n"
        + "class B { Object a = new io.weft.a.A(); String s = \"io.weft.c.C\"; }\n");
    write(dir, "io/weft/c/C.java", "package io.weft.c;\nimport io.weft.b.B;\nclass C {}\n");
    SourceTree tree = SourceTree.read(dir);
    Map<String, Map<String, String>> edges = edges(tree);
    List<Set<String>> cyclic = stronglyConnected(edges).stream().filter(s -> s.size() > 1).toList();
    assertEquals(List.of(Set.of("io.weft.a", "io.weft.b")), cyclic);
    String text = describe(shortestCycle(edges, cyclic.get(0)), edges);
    assertEquals("io.weft.a -> io.weft.b (io/weft/a/A.java) -> io.weft.a (io/weft/b/B.java)", text);
  }

  private static void write(java.nio.file.Path dir, String rel, String text) throws Exception {
    java.nio.file.Path p = dir.resolve(rel);
    java.nio.file.Files.createDirectories(p.getParent());
    java.nio.file.Files.writeString(p, text);
  }

  /** Package → package it depends on → the first file (relative path) that makes the dependency. */
  static Map<String, Map<String, String>> edges(SourceTree tree) {
    Map<String, Map<String, String>> edges = new TreeMap<>();
    for (SourceTree.SourceFile f : tree.byRelative.values()) {
      Map<String, String> out = edges.computeIfAbsent(f.pkg(), k -> new TreeMap<>());
      for (String ref : f.refs()) {
        String to = tree.packageOf(ref);
        if (to != null && !to.equals(f.pkg())) {
          out.putIfAbsent(to, f.relative());
        }
      }
    }
    return edges;
  }

  /** Tarjan's algorithm, recursive (a few dozen packages). */
  static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> edges) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : edges.keySet()) {
      if (!index.containsKey(v)) {
        visit(v, edges, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void visit(String v, Map<String, Map<String, String>> edges, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        visit(w, edges, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> scc = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        scc.add(w);
      } while (!w.equals(v));
      out.add(scc);
    }
  }

  /** A shortest cycle inside one strongly connected set, from its first package (by name) back to it. */
  static List<String> shortestCycle(Map<String, Map<String, String>> edges, Set<String> scc) {
    String start = new TreeSet<>(scc).first();
    Map<String, String> parent = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String v = queue.poll();
      for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
        if (!scc.contains(w)) {
          continue;
        }
        if (w.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String p = v; !p.equals(start); p = parent.get(p)) {
            path.add(1, p);
          }
          path.add(start);
          return path;
        }
        if (!parent.containsKey(w)) {
          parent.put(w, v);
          queue.add(w);
        }
      }
    }
    throw new IllegalStateException("no cycle in " + scc);
  }

  static String describe(List<String> cycle, Map<String, Map<String, String>> edges) {
    StringBuilder sb = new StringBuilder(cycle.get(0));
    for (int i = 1; i < cycle.size(); i++) {
      sb.append(" -> ").append(cycle.get(i)).append(" (").append(edges.get(cycle.get(i - 1)).get(cycle.get(i))).append(')');
    }
    return sb.toString();
  }
}
