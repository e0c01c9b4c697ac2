package io.weft.storage.cassandra;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code cassandra.*} options, checked once at start so a mistake fails early with its name. */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String localDatacenter,
    String keyspace,
    String username,
    String password,
    String consistency,
    String replication,
    int ttlSeconds,
    int archiveTtlSeconds,
    boolean createSchema,
    int writeConcurrency,
    TagIndexPolicy tagPolicy,
    long bucketSeconds,
    int maxSearchPartitions,
    CassandraTls tls,
    String indexMode) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");
  private static final Set<String> LEVELS = Set.of("ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM",
      "EACH_QUORUM", "LOCAL_ONE");

  public CassandraSettings {
    if (!IDENTIFIER.matcher(keyspace).matches()) {
      throw new ConfigException("cassandra.keyspace must be a plain CQL name (letters, digits, _): '" + keyspace + "'");
    }
    if (!LEVELS.contains(consistency)) {
      throw new ConfigException("cassandra.consistency must be one of " + LEVELS + ": '" + consistency + "'");
    }
    // Pasted into CREATE KEYSPACE as is: accept only something shaped like a CQL map.
    if (!replication.startsWith("{") || !replication.endsWith("}") || replication.contains(";")) {
      throw new ConfigException("cassandra.replication must be a CQL map like {'class':'SimpleStrategy',"
          + "'replication_factor':1}: " + replication);
    }
    if (ttlSeconds < 1) {
      throw new ConfigException("cassandra.ttl must be at least 1s");
    }
    if (archiveTtlSeconds < 0) {
      throw new ConfigException("cassandra.archive.ttl must be 0 (kept) or more");
    }
    if (writeConcurrency < 1) {
      throw new ConfigException("cassandra.write-concurrency must be at least 1");
    }
    if (bucketSeconds < 1) {
      throw new ConfigException("cassandra.bucket must be at least 1s");
    }
    if (maxSearchPartitions < 1) {
      throw new ConfigException("cassandra.max-search-partitions must be at least 1");
    }
    indexMode = indexMode == null ? "auto" : indexMode;
    if (!Set.of("auto", "rows", "summary", "packed").contains(indexMode)) {
      throw new ConfigException("cassandra.index.mode must be auto, rows, summary or packed: '" + indexMode + "'");
    }
    contactPoints = List.copyOf(contactPoints);
    tls = tls == null ? CassandraTls.OFF : tls;
  }

  /** The same settings over another keyspace and TTL (a tenant's: io.weft.storage.tenant.TenantStores). */
  public CassandraSettings withKeyspace(String otherKeyspace, int otherTtlSeconds) {
    return new CassandraSettings(contactPoints, localDatacenter, otherKeyspace, username, password, consistency,
        replication, otherTtlSeconds, archiveTtlSeconds, createSchema, writeConcurrency, tagPolicy, bucketSeconds,
        maxSearchPartitions, tls, indexMode);
  }

  public static CassandraSettings from(WeftConfig c) {
    return new CassandraSettings(
        contactPoints(c.get(Options.CASSANDRA_CONTACT_POINTS)),
        c.get(Options.CASSANDRA_LOCAL_DC).trim(),
        c.get(Options.CASSANDRA_KEYSPACE).trim(),
        c.get(Options.CASSANDRA_USERNAME),
        c.get(Options.CASSANDRA_PASSWORD),
        c.get(Options.CASSANDRA_CONSISTENCY).trim().toUpperCase(Locale.ROOT),
        c.get(Options.CASSANDRA_REPLICATION).trim(),
        (int) Math.min(Integer.MAX_VALUE, c.getMicros(Options.CASSANDRA_TTL) / 1_000_000),
        (int) Math.min(Integer.MAX_VALUE, c.getMicros(Options.CASSANDRA_ARCHIVE_TTL) / 1_000_000),
        Boolean.parseBoolean(c.get(Options.CASSANDRA_CREATE_SCHEMA).trim()),
        c.getInt(Options.CASSANDRA_WRITE_CONCURRENCY),
        tagPolicy(c),
        c.getMicros(Options.CASSANDRA_BUCKET) / 1_000_000,
        c.getInt(Options.CASSANDRA_MAX_SEARCH_PARTITIONS),
        CassandraTls.from(c),
        c.get(Options.CASSANDRA_INDEX_MODE).trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Weft's allow and deny lists joined with Jaeger's white- and blacklist (which, as in Jaeger, may
   * not both be given) and Jaeger's three switches.
   */
  static TagIndexPolicy tagPolicy(WeftConfig c) {
    List<String> white = keys(c.get(Options.CASSANDRA_INDEX_TAG_WHITELIST));
    List<String> black = keys(c.get(Options.CASSANDRA_INDEX_TAG_BLACKLIST));
    if (!white.isEmpty() && !black.isEmpty()) {
      throw new ConfigException("only one of " + Options.CASSANDRA_INDEX_TAG_BLACKLIST.name() + " and "
          + Options.CASSANDRA_INDEX_TAG_WHITELIST.name() + " can be given");
    }
    List<String> allow = new ArrayList<>(keys(c.get(Options.CASSANDRA_INDEX_TAGS_ALLOW)));
    allow.addAll(white);
    List<String> deny = new ArrayList<>(keys(c.get(Options.CASSANDRA_INDEX_TAGS_DENY)));
    deny.addAll(black);
    return new TagIndexPolicy(allow, deny, c.getInt(Options.CASSANDRA_INDEX_TAGS_MAX_LENGTH),
        bool(c, Options.CASSANDRA_INDEX_TAGS), bool(c, Options.CASSANDRA_INDEX_PROCESS_TAGS),
        bool(c, Options.CASSANDRA_INDEX_LOGS));
  }

  private static boolean bool(WeftConfig c, io.weft.config.Option o) {
    String v = c.get(o).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(o.name() + " must be true or false: '" + c.get(o) + "'");
    }
    return v.equals("true");
  }

  public long ttlMicros() {
    return ttlSeconds * 1_000_000L;
  }

  public Buckets buckets() {
    return new Buckets(bucketSeconds);
  }

  static List<InetSocketAddress> contactPoints(String text) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.lastIndexOf(':');
      String host = colon > 0 && !p.endsWith("]") ? p.substring(0, colon) : p;
      int port = 9042;
      if (colon > 0 && !p.endsWith("]")) {
        try {
          port = Integer.parseInt(p.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new ConfigException("cassandra.contact-points: bad port in '" + p + "'");
        }
      }
      out.add(InetSocketAddress.createUnresolved(host.replace("[", "").replace("]", ""), port));
    }
    if (out.isEmpty()) {
      throw new ConfigException("cassandra.contact-points is empty: give host:port of at least one node");
    }
    return out;
  }

  /** Tag keys are case-sensitive, so this does not lower-case them as {@link WeftConfig#getList} does. */
  private static List<String> keys(String text) {
    List<String> out = new ArrayList<>();
    for (String k : text.split(",")) {
      if (!k.isBlank()) {
        out.add(k.trim());
      }
    }
    return out;
  }
}
