package io.weft.config;

import java.util.List;

/** Every setting Weft reads, with its default. {@code --help} prints this list. */
public final class Options {
  private Options() {}

  public static final Option ROLES = new Option("roles", "all",
      "comma list of agent, collector, ingester, query; or all");
  public static final Option CONFIG = new Option("config", "",
      "a YAML or JSON file of settings (keys as below, flat or nested)");
  public static final Option HOST = new Option("host", "127.0.0.1",
      "address every listener binds (0.0.0.0 for all interfaces)");
  public static final Option LOG_LEVEL = new Option("log-level", "info", "error, warn, info, debug or trace");

  public static final Option OTLP_GRPC_PORT = new Option("collector.otlp.grpc.port", "4317",
      "OTLP gRPC receiver port (0 disables it)");
  public static final Option OTLP_HTTP_PORT = new Option("collector.otlp.http.port", "4318",
      "OTLP HTTP receiver port: POST /v1/traces, protobuf or JSON (0 disables it)");
  public static final Option JAEGER_HTTP_PORT = new Option("collector.jaeger.http.port", "14268",
      "Jaeger thrift HTTP receiver port: POST /api/traces (0 disables it)");
  public static final Option ZIPKIN_HTTP_PORT = new Option("collector.zipkin.http.port", "9411",
      "Zipkin receiver port: POST /api/v2/spans, JSON v2 or proto3 (0 disables it)");
  public static final Option COLLECTOR_INSTANCES = new Option("collector.instances", "0",
      "collector verticle instances sharing the ports (0 = one per core)");
  public static final Option QUEUE_SIZE = new Option("collector.queue-size", "200000",
      "spans the collector holds in flight to storage; beyond it senders get a retryable error");
  public static final Option MAX_REQUEST_BYTES = new Option("collector.max-request-bytes", "16777216",
      "largest request body a receiver takes (larger gets 413 / RESOURCE_EXHAUSTED)");
  public static final Option MAX_TAGS = new Option("collector.max-tags-per-span", "1000",
      "spans with more tags (span and log fields) are rejected");
  public static final Option MAX_SPAN_BYTES = new Option("collector.max-span-bytes", "262144",
      "spans larger than this (approximate encoded size) are rejected");
  public static final Option MAX_FUTURE = new Option("collector.max-future-skew", "1h",
      "spans starting further than this in the future are rejected");
  public static final Option MAX_DURATION = new Option("collector.max-duration", "24h",
      "spans longer than this are rejected");
  public static final Option SAMPLING_RATE = new Option("collector.sampling-rate", "1.0",
      "post-sampling: fraction of traces kept, decided by trace id so a trace is kept whole");

  public static final Option STORAGE_TYPE = new Option("span-storage.type", "memory", "memory");
  public static final Option MEMORY_MAX_TRACES = new Option("memory.max-traces", "100000",
      "traces the in-memory store holds; the oldest are evicted first (counted in /metrics)");

  public static final Option QUERY_PORT = new Option("query.http.port", "16686",
      "query API and web UI port");
  public static final Option QUERY_WEBROOT = new Option("query.webroot", "webroot",
      "folder of the web UI (falls back to the copy inside the jar)");
  public static final Option QUERY_MAX_SKEW = new Option("query.max-clock-skew-adjustment", "1h",
      "largest clock-skew correction the query applies to a span (0 disables adjustment)");

  public static final Option CLUSTER = new Option("cluster", "false",
      "join a cluster of Weft nodes (Hazelcast); roles then move between nodes (see README, Cluster)");
  public static final Option CLUSTER_CONFIG = new Option("cluster.config", "",
      "Hazelcast XML; empty: ./cluster.xml if present, else the copy inside the jar");
  public static final Option CLUSTER_HOST = new Option("cluster.host", "127.0.0.1",
      "address the clustered event bus binds");
  public static final Option CLUSTER_PORT = new Option("cluster.port", "0",
      "clustered event bus port (0: any free port)");
  public static final Option CLUSTER_PUBLIC_HOST = new Option("cluster.public-host", "",
      "address other members use to reach this node's event bus (NAT, pods); empty: cluster.host");
  public static final Option CLUSTER_SPARE = new Option("cluster.spare-roles", "0",
      "roles the cluster may give a node on top of its pinned ones (a node with --roles=any takes any number)");
  public static final Option CLUSTER_DESIRED = new Option("cluster.desired", "collector=1,query=1",
      "role counts this node proposes when the cluster has none yet for a role (e.g. collector=3,query=1)");
  public static final Option CLUSTER_RECONCILE = new Option("cluster.reconcile-interval", "5s",
      "how often a node re-checks its roles besides on membership and count changes");
  public static final Option CLUSTER_QUERY_TIMEOUT = new Option("cluster.query-timeout", "5s",
      "how long a query waits for each member holding spans (in-memory storage)");
  public static final Option CLUSTER_SHUTDOWN = new Option("cluster.shutdown-timeout", "20s",
      "on SIGTERM: longest wait for other members to take this node's roles and its stored spans");
  public static final Option BRIDGE_TCP_PORT = new Option("bridge.tcp.port", "7000",
      "TCP event-bus bridge for other languages, clustered nodes only (0 disables it)");
  public static final Option BRIDGE_ADMIN = new Option("bridge.admin-enabled", "false",
      "let bridge clients use admin addresses (weft.admin.*: change role counts)");
  public static final Option QUERY_ADMIN = new Option("query.admin-enabled", "false",
      "let the web UI change role counts (PUT /api/admin/roles on the query port)");

  public static final Option ADMIN_PORT = new Option("admin.http.port", "14269",
      "admin port: /health and /metrics");

  public static final List<Option> ALL = List.of(ROLES, CONFIG, HOST, LOG_LEVEL,
      OTLP_GRPC_PORT, OTLP_HTTP_PORT, JAEGER_HTTP_PORT, ZIPKIN_HTTP_PORT, COLLECTOR_INSTANCES,
      QUEUE_SIZE, MAX_REQUEST_BYTES, MAX_TAGS, MAX_SPAN_BYTES, MAX_FUTURE, MAX_DURATION, SAMPLING_RATE,
      STORAGE_TYPE, MEMORY_MAX_TRACES, QUERY_PORT, QUERY_WEBROOT, QUERY_MAX_SKEW, ADMIN_PORT,
      CLUSTER, CLUSTER_CONFIG, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_PUBLIC_HOST, CLUSTER_SPARE, CLUSTER_DESIRED,
      CLUSTER_RECONCILE, CLUSTER_QUERY_TIMEOUT, CLUSTER_SHUTDOWN, BRIDGE_TCP_PORT, BRIDGE_ADMIN, QUERY_ADMIN);
}
