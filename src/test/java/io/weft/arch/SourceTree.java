package io.weft.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The production sources as the architecture tests see them: each file's package and what it refers to,
 * read from the text (imports, static imports and fully qualified names in code; comments and string
 * literals left out, since they create no dependency). No bytecode, so a test fails with a file name.
 */
final class SourceTree {
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;",
      Pattern.MULTILINE);
  /** A qualified name in code: lower-case segments, then at least one more segment. */
  private static final Pattern QUALIFIED = Pattern.compile("\\b((?:io|java|javax|com|org|jdk)\\.[a-z_][\\w]*(?:\\.\\w+)+)");
  private static final Pattern WORD = Pattern.compile("\\b[A-Z]\\w*\\b");

  /** One source file. {@code refs}: names it refers to (imports and qualified names in code). */
  record SourceFile(Path path, String relative, String pkg, String simpleName, List<String> refs, Set<String> words) {}

  final Path root;
  final Map<String, SourceFile> byRelative = new TreeMap<>();
  /** Package name → its files. */
  final Map<String, List<SourceFile>> packages = new TreeMap<>();

  private SourceTree(Path root) {
    this.root = root;
  }

  /** src/main/java of the project the tests run in. */
  static SourceTree main() {
    return read(Path.of(System.getProperty("user.dir"), "src", "main", "java"));
  }

  static SourceTree read(Path root) {
    SourceTree t = new SourceTree(root);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        SourceFile f = parse(root, p, Files.readString(p));
        t.byRelative.put(f.relative(), f);
        t.packages.computeIfAbsent(f.pkg(), k -> new ArrayList<>()).add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (t.byRelative.isEmpty()) {
      throw new IllegalStateException("no sources under " + root);
    }
    return t;
  }

  static SourceFile parse(Path root, Path path, String text) {
    String code = stripCommentsAndStrings(text);
    Matcher pm = PACKAGE.matcher(code);
    String pkg = pm.find() ? pm.group(1) : "";
    List<String> refs = new ArrayList<>();
    Matcher im = IMPORT.matcher(code);
    while (im.find()) {
      refs.add(im.group(1));
    }
    // Qualified names after the imports: the body's references such as io.weft.config.ConfigException.
    String body = code.replaceAll("(?m)^\\s*(package|import)\\s[^;]*;", "");
    Matcher qm = QUALIFIED.matcher(body);
    while (qm.find()) {
      refs.add(qm.group(1));
    }
    Set<String> words = new LinkedHashSet<>();
    Matcher wm = WORD.matcher(body);
    while (wm.find()) {
      words.add(wm.group());
    }
    String name = path.getFileName().toString().replaceFirst("\\.java$", "");
    return new SourceFile(path, root.relativize(path).toString(), pkg, name, List.copyOf(refs), words);
  }

  /** The package a reference lies in: the longest known package it starts with, or null outside the tree. */
  String packageOf(String ref) {
    String best = null;
    for (String p : packages.keySet()) {
      // the rest must start with a class name: io.weft.proto.X (generated, not in the tree) is not in io.weft
      if (ref.startsWith(p + ".") && Character.isUpperCase(ref.charAt(p.length() + 1))
          && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return best;
  }

  /** The file a reference names (a class, or a member of one), or null when it is not in the tree. */
  SourceFile fileOf(String ref) {
    String pkg = packageOf(ref);
    if (pkg == null) {
      return null;
    }
    String cls = ref.substring(pkg.length() + 1).split("\\.")[0];
    for (SourceFile f : packages.get(pkg)) {
      if (f.simpleName().equals(cls)) {
        return f;
      }
    }
    return null;
  }

  /** Files of the tree this file uses: those it names, and those of its own package it mentions by simple name. */
  List<SourceFile> uses(SourceFile f) {
    Set<SourceFile> out = new LinkedHashSet<>();
    for (String r : f.refs()) {
      SourceFile g = fileOf(r);
      if (g != null && g != f) {
        out.add(g);
      }
    }
    for (SourceFile g : packages.get(f.pkg())) {
      if (g != f && f.words().contains(g.simpleName())) {
        out.add(g);
      }
    }
    return new ArrayList<>(out);
  }

  /** Removes comments, string and text-block literals and char literals, keeping line breaks. */
  static String stripCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        keepNewlines(out, s, i, end);
        i = end;
      } else if (c == '"' && s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        while (end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? n : end + 3;
        out.append("\"\"");
        keepNewlines(out, s, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = Math.min(n, j + 1);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void keepNewlines(StringBuilder out, String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == '\n') {
        out.append('\n');
      }
    }
  }
}
