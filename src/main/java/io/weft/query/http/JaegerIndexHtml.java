package io.weft.query.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Jaeger query service writes into the UI's {@code index.html} before serving it, by the same
 * search-and-replace on the same patterns: the UI configuration ({@code --query.ui-config}, JSON or a JS
 * file defining {@code UIConfig()}), the storage and backend capabilities, the version, and for older UI
 * builds with a literal {@code <base href="/">}, the base path (current builds find it themselves).
 */
public final class JaegerIndexHtml {
  static final Pattern CONFIG = Pattern.compile("JAEGER_CONFIG *= *DEFAULT_CONFIG;");
  static final Pattern CONFIG_JS = Pattern.compile("(?im)^\\s*//\\s*JAEGER_CONFIG_JS.*\\n.*");
  static final Pattern STORAGE_CAPABILITIES =
      Pattern.compile("JAEGER_STORAGE_CAPABILITIES *= *DEFAULT_STORAGE_CAPABILITIES;");
  static final Pattern BACKEND_CAPABILITIES =
      Pattern.compile("JAEGER_BACKEND_CAPABILITIES *= *DEFAULT_BACKEND_CAPABILITIES;");
  static final Pattern VERSION = Pattern.compile("JAEGER_VERSION *= *DEFAULT_VERSION;");
  static final Pattern BASE = Pattern.compile("<base href=\"/\"");
  private static final Pattern UI_CONFIG_FUNCTION = Pattern.compile("function\\s+UIConfig(\\s)?\\(\\s?\\)(\\s)?\\{");

  /** What this backend can do, as the UI reads it. */
  public record Capabilities(boolean archiveStorage, boolean metricsStorage, boolean searchWithoutServiceName) {}

  private JaegerIndexHtml() {}

  /**
   * The page to serve. {@code configName} is the UI config file's name (its extension says JSON or JS) and
   * {@code config} its content, both null for none; a config that cannot be used is an IllegalArgumentException.
   */
  public static String enrich(String html, String basePath, Capabilities caps, String version, String configName,
      String config) {
    return enrich(html, basePath, caps, version, configName, config, null);
  }

  /**
   * The same, and under tenancy ({@code tenantHeader} not null) a script run before the UI's own that
   * names the tenant on every same-origin fetch: the one remembered by Weft's UI (localStorage
   * {@code weft.tenant}, shared by the origin), or one given as {@code ?tenant=} in the page's address
   * (then remembered). The Jaeger UI has no tenant of its own to send.
   */
  public static String enrich(String html, String basePath, Capabilities caps, String version, String configName,
      String config, String tenantHeader) {
    String out = html;
    if (tenantHeader != null) {
      out = io.weft.tenant.TenantPageScript.inject(out, tenantHeader);
    }
    if (configName != null) {
      if (configName.toLowerCase(Locale.ROOT).endsWith(".json")) {
        JsonObject parsed;
        try {
          parsed = new JsonObject(config);
        } catch (DecodeException e) {
          throw new IllegalArgumentException("cannot parse UI config file " + configName + ": " + e.getMessage());
        }
        out = replace(CONFIG, out, "JAEGER_CONFIG = " + parsed.encode() + ";");
      } else {
        String js = config.strip();
        if (!UI_CONFIG_FUNCTION.matcher(js).find()) {
          throw new IllegalArgumentException("UI config file must define function UIConfig(): " + configName);
        }
        out = replace(CONFIG_JS, out, js);
      }
    }
    String storage = new JsonObject().put("archiveStorage", caps.archiveStorage())
        .put("metricsStorage", caps.metricsStorage()).encode();
    out = replace(STORAGE_CAPABILITIES, out, "JAEGER_STORAGE_CAPABILITIES = " + storage + ";");
    String backend = new JsonObject().put("archiveStorage", caps.archiveStorage())
        .put("metricsStorage", caps.metricsStorage()).put("searchWithoutServiceName", caps.searchWithoutServiceName())
        .put("aiAssistant", false).encode();
    out = replace(BACKEND_CAPABILITIES, out, "JAEGER_BACKEND_CAPABILITIES = " + backend + ";");
    String v = new JsonObject().put("gitCommit", "").put("gitVersion", version).put("buildDate", "").encode();
    out = replace(VERSION, out, "JAEGER_VERSION = " + v + ";");
    if (!basePath.equals("/")) {
      out = replace(BASE, out, "<base href=\"" + basePath + "/\"");
    }
    return out;
  }

  private static String replace(Pattern p, String in, String with) {
    return p.matcher(in).replaceAll(Matcher.quoteReplacement(with));
  }
}
