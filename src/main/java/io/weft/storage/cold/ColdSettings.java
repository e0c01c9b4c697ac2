package io.weft.storage.cold;

import io.weft.config.ConfigException;
import io.weft.config.Option;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.Locale;

/** The cold tier's settings (see {@link Options}, {@code cold.*}), read and checked once. Times are microseconds. */
public record ColdSettings(String type, S3 s3, String localDir, String prefix, long afterMicros, long retentionMicros,
    long blockWindowMicros, int blockMaxSpans, long compactionWindowMicros, long handoffLookbackMicros,
    long pollMicros, long searchMaxBytes, int searchParallelism, long cacheBytes, int zstdLevel) {

  /** The S3 part: endpoint (empty: AWS), bucket, region, addressing, and a key pair (empty: the default chain). */
  public record S3(String endpoint, String bucket, String region, boolean pathStyle, String accessKey,
      String secretKey) {}

  /** A tenant's settings: the same but for its retention and its share of the cache. */
  public ColdSettings forTenant(long retention, long cache) {
    return new ColdSettings(type, s3, localDir, prefix, afterMicros, retention, blockWindowMicros, blockMaxSpans,
        compactionWindowMicros, handoffLookbackMicros, pollMicros, searchMaxBytes, searchParallelism, cache, zstdLevel);
  }

  public static boolean enabled(WeftConfig c) {
    return !c.get(Options.COLD_TYPE).trim().toLowerCase(Locale.ROOT).equals("none");
  }

  public static ColdSettings from(WeftConfig c) {
    String type = c.get(Options.COLD_TYPE).trim().toLowerCase(Locale.ROOT);
    if (!type.equals("none") && !type.equals("s3") && !type.equals("local")) {
      throw new ConfigException(Options.COLD_TYPE.name() + ": use none, s3 or local, got '" + type + "'");
    }
    S3 s3 = new S3(c.get(Options.COLD_S3_ENDPOINT).trim(), c.get(Options.COLD_S3_BUCKET).trim(),
        c.get(Options.COLD_S3_REGION).trim(), bool(c, Options.COLD_S3_PATH_STYLE), c.get(Options.COLD_S3_ACCESS_KEY),
        c.get(Options.COLD_S3_SECRET_KEY));
    if (type.equals("s3") && s3.bucket().isEmpty()) {
      throw new ConfigException(Options.COLD_S3_BUCKET.name() + " is required with cold.type=s3");
    }
    if (!s3.accessKey().isEmpty() && s3.secretKey().isEmpty()) {
      throw new ConfigException(Options.COLD_S3_SECRET_KEY.name() + " is required with cold.s3.access-key");
    }
    String prefix = c.get(Options.COLD_PREFIX).trim();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix += "/";
    }
    long window = positive(c, Options.COLD_BLOCK_WINDOW);
    long compaction = positive(c, Options.COLD_COMPACTION_WINDOW);
    if (compaction % window != 0) {
      throw new ConfigException(Options.COLD_COMPACTION_WINDOW.name() + " must be a multiple of "
          + Options.COLD_BLOCK_WINDOW.name() + " (" + c.get(Options.COLD_BLOCK_WINDOW) + ")");
    }
    int level = c.getInt(Options.COLD_ZSTD_LEVEL);
    if (level < 1 || level > 19) {
      throw new ConfigException(Options.COLD_ZSTD_LEVEL.name() + " must be 1 to 19, got " + level);
    }
    return new ColdSettings(type, s3, c.get(Options.COLD_LOCAL_DIR).trim(), prefix, positive(c, Options.COLD_AFTER),
        positive(c, Options.COLD_RETENTION), window, atLeastOne(c, Options.COLD_BLOCK_MAX_SPANS), compaction,
        nonNegative(c, Options.COLD_HANDOFF_LOOKBACK), positive(c, Options.COLD_POLL),
        Math.max(1, c.getLong(Options.COLD_SEARCH_MAX_BYTES)), atLeastOne(c, Options.COLD_SEARCH_PARALLELISM),
        Math.max(0, c.getLong(Options.COLD_CACHE_BYTES)), level);
  }

  private static long positive(WeftConfig c, Option o) {
    long v = c.getMicros(o);
    if (v <= 0) {
      throw new ConfigException(o.name() + " must be positive, got '" + c.get(o) + "'");
    }
    return v;
  }

  private static long nonNegative(WeftConfig c, Option o) {
    long v = c.getMicros(o);
    if (v < 0) {
      throw new ConfigException(o.name() + " must not be negative, got '" + c.get(o) + "'");
    }
    return v;
  }

  private static int atLeastOne(WeftConfig c, Option o) {
    int v = c.getInt(o);
    if (v < 1) {
      throw new ConfigException(o.name() + " must be at least 1, got " + v);
    }
    return v;
  }

  private static boolean bool(WeftConfig c, Option o) {
    return switch (c.get(o).trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(o.name() + " must be true or false, got '" + c.get(o) + "'");
    };
  }
}
