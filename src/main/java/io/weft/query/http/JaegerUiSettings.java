package io.weft.query.http;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Serving a Jaeger UI build from the query port ({@code query.ui.jaeger-*}), checked once at start so a
 * mistake fails early with the option's name.
 *
 * @param dist the build's folder (its {@code index.html} and {@code static/}); null when not served
 * @param basePath where it is served: {@code /jaeger} (Weft's UI stays at {@code /}) or {@code /} (in its place)
 * @param configFile Jaeger UI's configuration, a {@code .json} or {@code .js} file as Jaeger's
 *     {@code --query.ui-config}; empty for none
 */
public record JaegerUiSettings(Path dist, String basePath, String configFile) {

  public JaegerUiSettings {
    if (!basePath.startsWith("/") || (basePath.length() > 1 && basePath.endsWith("/"))
        || basePath.contains("//") || basePath.contains("..")) {
      throw new ConfigException("query.ui.jaeger-base-path must be / or a path like /jaeger (no trailing /): '"
          + basePath + "'");
    }
  }

  /** Not serving a Jaeger UI. */
  public static JaegerUiSettings none() {
    return new JaegerUiSettings(null, "/jaeger", "");
  }

  public static JaegerUiSettings from(WeftConfig c) {
    String dist = c.get(Options.QUERY_UI_JAEGER_DIST).trim();
    String base = c.get(Options.QUERY_UI_JAEGER_BASE_PATH).trim();
    String config = c.get(Options.QUERY_UI_JAEGER_CONFIG).trim();
    if (dist.isEmpty()) {
      return new JaegerUiSettings(null, base, config);
    }
    Path folder = Path.of(dist).toAbsolutePath().normalize();
    if (!Files.isRegularFile(folder.resolve("index.html"))) {
      throw new ConfigException("query.ui.jaeger-dist: no index.html in " + folder
          + " (give the folder of a Jaeger UI build, e.g. jaeger-ui/packages/jaeger-ui/build)");
    }
    if (!config.isEmpty()) {
      String lower = config.toLowerCase(Locale.ROOT);
      if (!lower.endsWith(".json") && !lower.endsWith(".js")) {
        throw new ConfigException("query.ui.jaeger-config must be a .json or .js file: " + config);
      }
      if (!Files.isReadable(Path.of(config))) {
        throw new ConfigException("query.ui.jaeger-config: cannot read " + config);
      }
    }
    return new JaegerUiSettings(folder, base, config);
  }

  public boolean enabled() {
    return dist != null;
  }

  /** The path prefix of its URLs: empty at {@code /}, else the base path. */
  String prefix() {
    return basePath.equals("/") ? "" : basePath;
  }
}
