package io.weft.ui;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Jaeger UI build for {@link JaegerUiTest} is: {@code -Dweft.jaeger-ui=/path/to/dist}, else the
 * environment's {@code WEFT_JAEGER_UI}, else the first {@code shared/jaeger-ui/dist} found walking up from
 * the repository. Where none is found the test is skipped with a message saying what to give (a build
 * cannot be made on a machine that only reaches package registries); {@code -Dweft.jaeger-ui=required}
 * makes a missing build fail it instead, {@code -Dweft.jaeger-ui=skip} skips it on purpose.
 */
final class JaegerUiDist {
  static final String PROPERTY = "weft.jaeger-ui";
  static final String ENV = "WEFT_JAEGER_UI";

  private JaegerUiDist() {}

  /**
   * The folder holding index.html; null when skipped (on purpose, or none found: the reason is printed);
   * with {@code required}, an AssertionError naming every place looked at.
   */
  static Path locate(Path repo) {
    String given = System.getProperty(PROPERTY, "").trim();
    if (given.isEmpty()) {
      given = System.getenv().getOrDefault(ENV, "").trim();
    }
    if (given.equals("skip")) {
      return null;
    }
    boolean required = given.equals("required");
    if (!given.isEmpty() && !required) {
      Path p = Path.of(given).toAbsolutePath();
      if (!Files.isRegularFile(p.resolve("index.html"))) {
        throw new AssertionError("the Jaeger UI build given by -D" + PROPERTY + " / " + ENV + " has no index.html: " + p);
      }
      return p;
    }
    StringBuilder looked = new StringBuilder();
    for (Path dir = repo.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/jaeger-ui/dist");
      if (Files.isRegularFile(candidate.resolve("index.html"))) {
        return candidate;
      }
      looked.append("\n  ").append(candidate);
    }
    String why = "JaegerUiTest needs a build of the Jaeger UI (github.com/jaegertracing/jaeger-ui, "
        + "packages/jaeger-ui: npm ci && npm run build) and found none. Give its folder with -D" + PROPERTY
        + "=/path/to/dist or " + ENV + "=/path/to/dist, or put it at one of:" + looked;
    if (required) {
      throw new AssertionError(why);
    }
    System.err.println("SKIPPED: " + why);
    return null;
  }
}
