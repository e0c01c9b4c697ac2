package io.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The span model, other systems' formats, the configuration, the query language and Weft's own binary span codec stay
 * free of Vert.x: they run in clients, benchmarks and tools without an event loop. Checked through
 * everything they use inside io.weft, so a Vert.x type cannot come in by way of another package.
 */
class VertxFreeCoreTest {
  static final List<String> PACKAGES = List.of("io.weft.model", "io.weft.codec", "io.weft.config",
      "io.weft.traceql", "io.weft.spanmetrics");
  static final List<String> FILES = List.of("io/weft/wire/SpanBinaryCodec.java", "io/weft/wire/ByteSink.java");

  @Test
  void coreUsesNoVertx() {
    SourceTree tree = SourceTree.main();
    List<SourceTree.SourceFile> roots = new ArrayList<>();
    for (String p : PACKAGES) {
      List<SourceTree.SourceFile> files = tree.packages.get(p);
      assertEquals(true, files != null && !files.isEmpty(), "package " + p + " has no sources");
      roots.addAll(files);
    }
    for (String f : FILES) {
      SourceTree.SourceFile file = tree.byRelative.get(f);
      assertEquals(true, file != null, f + " is missing");
      roots.add(file);
    }
    assertEquals(List.of(), offenders(tree, roots), "Vert.x in the Vert.x-free core");
  }

  /** The checker itself: Vert.x reached through another file is reported with the path to it. */
  @Test
  void reportsVertxReachedThroughAnotherFile() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("arch");
    java.nio.file.Path a = dir.resolve("io/weft/model/A.java");
    java.nio.file.Path b = dir.resolve("io/weft/other/B.java");
    java.nio.file.Files.createDirectories(a.getParent());
    java.nio.file.Files.createDirectories(b.getParent());
    java.nio.file.Files.writeString(a, "package io.weft.model;\nclass A { io.weft.other.B b; }\n");
    java.nio.file.Files.writeString(b, "package io.weft.other;\nimport io.vertx.core.Future;\npublic class B {}\n");
    SourceTree tree = SourceTree.read(dir);
    assertEquals(List.of("io/weft/model/A.java -> io/weft/other/B.java: io.vertx.core.Future"),
        offenders(tree, tree.packages.get("io.weft.model")));
  }

  /** For each root that reaches Vert.x: the path of files to the first Vert.x reference. */
  static List<String> offenders(SourceTree tree, List<SourceTree.SourceFile> roots) {
    List<String> out = new ArrayList<>();
    for (SourceTree.SourceFile root : roots) {
      Map<SourceTree.SourceFile, SourceTree.SourceFile> parent = new LinkedHashMap<>();
      parent.put(root, null);
      Deque<SourceTree.SourceFile> queue = new ArrayDeque<>(List.of(root));
      while (!queue.isEmpty()) {
        SourceTree.SourceFile f = queue.poll();
        String vertx = f.refs().stream().filter(r -> r.startsWith("io.vertx.") || r.equals("io.vertx")).findFirst()
            .orElse(null);
        if (vertx != null) {
          List<String> path = new ArrayList<>();
          for (SourceTree.SourceFile p = f; p != null; p = parent.get(p)) {
            path.add(0, p.relative());
          }
          out.add(String.join(" -> ", path) + ": " + vertx);
          break;
        }
        for (SourceTree.SourceFile g : tree.uses(f)) {
          if (!parent.containsKey(g)) {
            parent.put(g, f);
            queue.add(g);
          }
        }
      }
    }
    return out;
  }
}
