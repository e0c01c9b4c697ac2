package io.weft.wire;

/**
 * Weft's event-bus addresses. The public API (docs/event-bus.md) is the {@code weft.query.*},
 * {@code weft.spans.live*} and {@code weft.cluster.*} addresses (read-only, open on the bridges) and
 * {@code weft.admin.*} (changes the cluster; bridged only when enabled). The rest is between nodes.
 */
public final class Addresses {
  private Addresses() {}

  public static final String QUERY_SERVICES = "weft.query.services";
  public static final String QUERY_OPERATIONS = "weft.query.operations";
  public static final String QUERY_TRACE = "weft.query.trace";
  public static final String QUERY_SEARCH = "weft.query.search";
  public static final String QUERY_DEPENDENCIES = "weft.query.dependencies";

  /** Every span a collector stores, published; {@link #live(String)} carries one service's. */
  public static final String LIVE = "weft.spans.live";

  public static final String CLUSTER_ROLES = "weft.cluster.roles";
  public static final String ADMIN_ROLES = "weft.admin.roles";

  /** Bridge allow-list patterns (regular expressions). */
  public static final String READ_ONLY_INBOUND = "weft\\.query\\.[a-z]+|weft\\.cluster\\.[a-z]+";
  public static final String LIVE_OUTBOUND = "weft\\.spans\\.live(\\..+)?|weft\\.tenant\\.[A-Za-z0-9_-]+\\.spans\\.live(\\..+)?";
  public static final String ADMIN_INBOUND = "weft\\.admin\\.[a-z]+";

  public static String live(String service) {
    return LIVE + "." + service;
  }

  /**
   * Whether {@code address} is one live spans are published on, untenanted or a tenant's (it may also
   * say yes for a few other addresses under {@code weft.tenant.}: callers use it to stay on the safe side).
   */
  public static boolean isLive(String address) {
    return address.startsWith(LIVE) || address.startsWith("weft.tenant.") && address.contains(".spans.live");
  }

  /** The event-bus message header naming the tenant of a query (tenancy's x-tenant, on the event bus). */
  public static final String TENANT_HEADER = "tenant";

  /**
   * Live spans of a tenant (null: no tenancy, {@link #LIVE}), all of them ({@code service} null) or one
   * service's: {@code weft.tenant.<tenant>.spans.live[.<service>]}.
   */
  public static String liveOf(String tenant, String service) {
    String base = tenant == null ? LIVE : "weft.tenant." + tenant + ".spans.live";
    return service == null ? base : base + "." + service;
  }

  /**
   * Whether a client pinned to {@code tenant} may use {@code address}: anything but the live spans of
   * another tenant or the untenanted {@link #LIVE} stream (both bridges, under tenancy).
   */
  public static boolean openTo(String address, String tenant) {
    return !address.startsWith(LIVE) && (!address.startsWith("weft.tenant.") || address.startsWith(liveOf(tenant, null)));
  }

  /** Between nodes: one member's span store (reads, and writes of spans whose trace it owns). */
  public static String storeRead(String nodeId) {
    return "weft.node." + nodeId + ".store.read";
  }

  public static String storeWrite(String nodeId) {
    return "weft.node." + nodeId + ".store.write";
  }

  /** Between nodes: spans handed to the collector owning their trace for tail sampling. */
  public static String tail(String nodeId) {
    return "weft.node." + nodeId + ".tail";
  }

  /** Between nodes: one member's status (roles running, ports). */
  public static String nodeStatus(String nodeId) {
    return "weft.node." + nodeId + ".status";
  }
}
