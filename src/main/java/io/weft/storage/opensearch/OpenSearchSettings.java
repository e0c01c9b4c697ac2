package io.weft.storage.opensearch;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code opensearch.*} options, checked once at start so a mistake fails early with its name. */
public record OpenSearchSettings(
    List<URI> urls,
    String username,
    String password,
    String apiKey,
    String tlsCa,
    String tlsCert,
    String tlsKey,
    boolean tlsSkipVerify,
    long requestTimeoutMs,
    boolean jaegerCompat,
    String indexPrefix,
    String dateLayout,
    int shards,
    int replicas,
    String refreshInterval,
    long retentionMicros,
    boolean createTemplates,
    boolean nestedTags,
    int bulkMaxBytes,
    int bulkConcurrency,
    long bulkRetryMs,
    String bulkRefresh,
    boolean archiveAliases) {

  /** Index names are lower case and may not hold these (OpenSearch's rule). */
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_.+-]{0,100}");
  private static final Set<String> REFRESH = Set.of("false", "true", "wait_for");

  public OpenSearchSettings {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new ConfigException("opensearch.urls is empty: give the URL of at least one node");
    }
    if (!indexPrefix.isEmpty() && !PREFIX.matcher(indexPrefix).matches()) {
      throw new ConfigException("opensearch.index.prefix must be lower-case letters, digits, '_', '-', '.' or '+': '"
          + indexPrefix + "'");
    }
    IndexNames.checkLayout(dateLayout);
    if (shards < 1 || replicas < 0) {
      throw new ConfigException("opensearch.index.shards must be at least 1 and opensearch.index.replicas at least 0");
    }
    if (bulkMaxBytes < 1024 || bulkConcurrency < 1) {
      throw new ConfigException("opensearch.bulk.max-bytes must be at least 1024 and opensearch.bulk.concurrency at least 1");
    }
    if (!REFRESH.contains(bulkRefresh)) {
      throw new ConfigException("opensearch.bulk.refresh must be false, wait_for or true: '" + bulkRefresh + "'");
    }
    if (!apiKey.isEmpty() && !username.isEmpty()) {
      throw new ConfigException("give opensearch.api-key or opensearch.username, not both");
    }
    if (tlsCert.isEmpty() != tlsKey.isEmpty()) {
      throw new ConfigException("opensearch.tls.cert and opensearch.tls.key go together");
    }
    if (requestTimeoutMs < 1) {
      throw new ConfigException("opensearch.request-timeout must be positive");
    }
  }

  public static OpenSearchSettings from(WeftConfig c) {
    return new OpenSearchSettings(
        urls(c.get(Options.OPENSEARCH_URLS)),
        c.get(Options.OPENSEARCH_USERNAME),
        c.get(Options.OPENSEARCH_PASSWORD),
        c.get(Options.OPENSEARCH_API_KEY).trim(),
        c.get(Options.OPENSEARCH_TLS_CA).trim(),
        c.get(Options.OPENSEARCH_TLS_CERT).trim(),
        c.get(Options.OPENSEARCH_TLS_KEY).trim(),
        bool(c, Options.OPENSEARCH_TLS_SKIP_VERIFY),
        c.getMicros(Options.OPENSEARCH_TIMEOUT) / 1000,
        bool(c, Options.OPENSEARCH_JAEGER),
        c.get(Options.OPENSEARCH_INDEX_PREFIX).trim(),
        c.get(Options.OPENSEARCH_DATE_LAYOUT).trim(),
        c.getInt(Options.OPENSEARCH_SHARDS),
        c.getInt(Options.OPENSEARCH_REPLICAS),
        c.get(Options.OPENSEARCH_REFRESH).trim(),
        retention(c),
        bool(c, Options.OPENSEARCH_CREATE_TEMPLATES),
        bool(c, Options.OPENSEARCH_NESTED_TAGS),
        c.getInt(Options.OPENSEARCH_BULK_BYTES),
        c.getInt(Options.OPENSEARCH_BULK_CONCURRENCY),
        c.getMicros(Options.OPENSEARCH_BULK_RETRY) / 1000,
        c.get(Options.OPENSEARCH_BULK_REFRESH).trim().toLowerCase(Locale.ROOT),
        bool(c, Options.OPENSEARCH_ARCHIVE_ALIASES));
  }

  /** The same connection settings over another index prefix and retention (a tenant's indices). */
  public OpenSearchSettings withIndices(String otherPrefix, long otherRetentionMicros) {
    return new OpenSearchSettings(urls, username, password, apiKey, tlsCa, tlsCert, tlsKey, tlsSkipVerify,
        requestTimeoutMs, jaegerCompat, otherPrefix, dateLayout, shards, replicas, refreshInterval,
        otherRetentionMicros, createTemplates, nestedTags, bulkMaxBytes, bulkConcurrency, bulkRetryMs, bulkRefresh,
        archiveAliases);
  }

  /** The index names of this deployment (Weft's own or Jaeger's). */
  public IndexNames indexNames() {
    return new IndexNames(indexPrefix, jaegerCompat ? "jaeger" : "weft", dateLayout);
  }

  /** Unset: a week for Weft's own indices; never for Jaeger's, whose own cleaner decides. */
  private static long retention(WeftConfig c) {
    if (!c.get(Options.OPENSEARCH_RETENTION).isBlank()) {
      return c.getMicros(Options.OPENSEARCH_RETENTION);
    }
    return bool(c, Options.OPENSEARCH_JAEGER) ? 0 : 7 * 86_400_000_000L;
  }

  private static boolean bool(WeftConfig c, io.weft.config.Option o) {
    String v = c.get(o).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(o.name() + " must be true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  static List<URI> urls(String text) {
    List<URI> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String u = part.trim();
      if (u.isEmpty()) {
        continue;
      }
      if (!u.contains("://")) {
        u = "http://" + u;
      }
      try {
        URI uri = new URI(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        if (!uri.getScheme().equals("http") && !uri.getScheme().equals("https") || uri.getHost() == null) {
          throw new ConfigException("opensearch.urls: '" + part.trim() + "' is not an http:// or https:// URL");
        }
        out.add(uri);
      } catch (URISyntaxException e) {
        throw new ConfigException("opensearch.urls: bad URL '" + part.trim() + "': " + e.getMessage());
      }
    }
    return out;
  }
}
