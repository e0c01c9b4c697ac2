package io.weft.config;

import java.util.List;

/** Every setting Weft reads, with its default. {@code --help} prints this list. */
public final class Options {
  private Options() {}

  public static final Option ROLES = new Option("roles", "all",
      "comma list of agent, collector, compactor, ingester, query; or all (with cold.type set, all includes compactor)");
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

  public static final Option STORAGE_TYPE = new Option("span-storage.type", "memory",
      "memory, cassandra, opensearch (or elasticsearch, the same backend), or kafka: collectors write to Kafka and "
          + "ingesters store (see ingester.storage.type)");
  public static final Option MEMORY_MAX_TRACES = new Option("memory.max-traces", "100000",
      "traces the in-memory store holds; the oldest are evicted first (counted in /metrics)");
  public static final Option MEMORY_ARCHIVE_MAX_TRACES = new Option("memory.archive.max-traces", "10000",
      "archived traces kept in memory (POST /api/archive/{id}), apart from memory.max-traces; the first archived go first");

  public static final Option CASSANDRA_CONTACT_POINTS = new Option("cassandra.contact-points", "127.0.0.1:9042",
      "comma list of host:port of Cassandra nodes to connect to first");
  public static final Option CASSANDRA_LOCAL_DC = new Option("cassandra.local-datacenter", "datacenter1",
      "the Cassandra datacenter Weft talks to (LOCAL_* consistency levels are about it)");
  public static final Option CASSANDRA_KEYSPACE = new Option("cassandra.keyspace", "weft", "keyspace of Weft's tables");
  public static final Option CASSANDRA_USERNAME = new Option("cassandra.username", "",
      "user for PasswordAuthenticator (empty: no authentication)");
  public static final Option CASSANDRA_PASSWORD = new Option("cassandra.password", "", "password of cassandra.username");
  public static final Option CASSANDRA_TLS_ENABLED = new Option("cassandra.tls.enabled", "false",
      "connect to Cassandra over TLS (its client_encryption_options)");
  public static final Option CASSANDRA_TLS_CA = new Option("cassandra.tls.ca", "",
      "PEM CA certificates that sign the Cassandra nodes' certificates (empty: the JVM's trust store)");
  public static final Option CASSANDRA_TLS_CERT = new Option("cassandra.tls.cert", "",
      "PEM client certificate chain for nodes that require one (require_client_auth), with cassandra.tls.key");
  public static final Option CASSANDRA_TLS_KEY = new Option("cassandra.tls.key", "",
      "PEM private key (PKCS#8 or PKCS#1) of cassandra.tls.cert");
  public static final Option CASSANDRA_TLS_VERIFY_HOSTNAME = new Option("cassandra.tls.verify-hostname", "true",
      "a node's certificate must name the address Weft connects to (its IP or host name)");
  public static final Option CASSANDRA_CONSISTENCY = new Option("cassandra.consistency", "LOCAL_QUORUM",
      "consistency level of writes and reads; a write is acknowledged once this many replicas hold it");
  public static final Option CASSANDRA_REPLICATION = new Option("cassandra.replication",
      "{'class':'SimpleStrategy','replication_factor':1}",
      "replication map used when Weft creates the keyspace, e.g. {'class':'NetworkTopologyStrategy','dc1':3}");
  public static final Option CASSANDRA_TTL = new Option("cassandra.ttl", "2d",
      "how long spans, indexes and names are kept (Cassandra TTL; at least 1s)");
  public static final Option CASSANDRA_ARCHIVE_TTL = new Option("cassandra.archive.ttl", "0",
      "how long archived traces are kept (their own table and TTL; 0: until deleted)");
  public static final Option CASSANDRA_CREATE_SCHEMA = new Option("cassandra.create-schema", "true",
      "create or upgrade the keyspace and tables at start (false: check the version; apply `weft schema` yourself)");
  public static final Option CASSANDRA_WRITE_CONCURRENCY = new Option("cassandra.write-concurrency", "128",
      "statements in flight to Cassandra per node; more wait in a queue");
  public static final Option CASSANDRA_INDEX_TAGS_ALLOW = new Option("cassandra.index-tags.allow", "",
      "comma list of tag keys to index for search (prefix* allowed); empty: every key not denied");
  public static final Option CASSANDRA_INDEX_TAGS_DENY = new Option("cassandra.index-tags.deny",
      "internal.span.format,otel.scope.version,exception.stacktrace,exception.message,db.statement,db.query.text,"
          + "http.url,url.full,url.query,thread.id,thread.name",
      "comma list of tag keys never indexed (prefix* allowed); searching them still works, by filtering");
  public static final Option CASSANDRA_INDEX_TAGS_MAX_LENGTH = new Option("cassandra.index-tags.max-value-length",
      "256", "tag values longer than this are not indexed (searching them still works, by filtering)");
  public static final Option CASSANDRA_INDEX_TAG_BLACKLIST = new Option("cassandra.index.tag-blacklist", "",
      "Jaeger's option: comma list of tag keys kept out of the index (span tags, process tags and log fields), "
          + "added to cassandra.index-tags.deny; not with cassandra.index.tag-whitelist");
  public static final Option CASSANDRA_INDEX_TAG_WHITELIST = new Option("cassandra.index.tag-whitelist", "",
      "Jaeger's option: comma list of the only tag keys indexed (with cassandra.index-tags.allow); "
          + "not with cassandra.index.tag-blacklist");
  public static final Option CASSANDRA_INDEX_TAGS = new Option("cassandra.index.tags", "true",
      "Jaeger's option: index span tags (false: found by filtering only)");
  public static final Option CASSANDRA_INDEX_PROCESS_TAGS = new Option("cassandra.index.process-tags", "true",
      "Jaeger's option: index process (resource) tags");
  public static final Option CASSANDRA_INDEX_LOGS = new Option("cassandra.index.logs", "true",
      "Jaeger's option: index log (event) fields");
  public static final Option CASSANDRA_MAX_SEARCH_PARTITIONS = new Option("cassandra.max-search-partitions", "20000",
      "a search without a service reads the index partitions of every service and time bucket in its range; "
          + "above this many it is refused (400: shorten the range or choose a service)");
  public static final Option CASSANDRA_INDEX_MODE = new Option("cassandra.index.mode", "auto",
      "how searches find traces: summary (one row per service, bucket and trace with storage-attached indexes, "
          + "Cassandra 5+), packed (a write's summaries per service in one row, read and tested: the cheapest "
          + "writes, searches scan), rows (an index row per value, any Cassandra) or auto (summary on Cassandra 5+, "
          + "else rows)");
  public static final Option CASSANDRA_BUCKET = new Option("cassandra.bucket", "1h",
      "time bucket of every index partition; after a change, older data stays findable if the new size divides the old");

  // OpenSearch and Elasticsearch (io.weft.storage.opensearch); docs/opensearch.md.
  public static final Option OPENSEARCH_URLS = new Option("opensearch.urls", "http://127.0.0.1:9200",
      "comma list of OpenSearch or Elasticsearch node URLs (http:// or https://); requests go round the list");
  public static final Option OPENSEARCH_USERNAME = new Option("opensearch.username", "",
      "user for HTTP basic authentication (empty: none)");
  public static final Option OPENSEARCH_PASSWORD = new Option("opensearch.password", "", "password of opensearch.username");
  public static final Option OPENSEARCH_API_KEY = new Option("opensearch.api-key", "",
      "Elasticsearch API key (the base64 id:key), sent as Authorization: ApiKey; instead of a username");
  public static final Option OPENSEARCH_TLS_CA = new Option("opensearch.tls.ca", "",
      "PEM file of the CA certificates to trust for https:// URLs (empty: the JVM's trust store)");
  public static final Option OPENSEARCH_TLS_CERT = new Option("opensearch.tls.cert", "",
      "PEM client certificate for mutual TLS (with opensearch.tls.key)");
  public static final Option OPENSEARCH_TLS_KEY = new Option("opensearch.tls.key", "", "PEM private key of opensearch.tls.cert");
  public static final Option OPENSEARCH_TLS_SKIP_VERIFY = new Option("opensearch.tls.insecure-skip-verify", "false",
      "trust any server certificate and host name (testing only)");
  public static final Option OPENSEARCH_TIMEOUT = new Option("opensearch.request-timeout", "30s",
      "how long one request may take before it counts as failed");
  public static final Option OPENSEARCH_JAEGER = new Option("opensearch.jaeger-compat", "false",
      "read and write Jaeger's own indices and documents (jaeger-span-*, jaeger-service-*, jaeger-dependencies-*)");
  public static final Option OPENSEARCH_INDEX_PREFIX = new Option("opensearch.index.prefix", "",
      "prefix of every index name, as Jaeger's es.index-prefix: 'prod' gives prod-weft-span-2026-12-04");
  public static final Option OPENSEARCH_DATE_LAYOUT = new Option("opensearch.index.date-layout", "yyyy-MM-dd",
      "date part of index names (UTC, Java DateTimeFormatter); with HH in it indices rotate hourly, else daily");
  public static final Option OPENSEARCH_SHARDS = new Option("opensearch.index.shards", "1",
      "primary shards of each new index (the index templates carry it)");
  public static final Option OPENSEARCH_REPLICAS = new Option("opensearch.index.replicas", "1",
      "replicas of each new index; 0 on a single node, which cannot hold a replica");
  public static final Option OPENSEARCH_REFRESH = new Option("opensearch.index.refresh-interval", "",
      "how soon written spans become searchable (index.refresh_interval; empty: the server's default, 1s)");
  public static final Option OPENSEARCH_RETENTION = new Option("opensearch.retention", "",
      "indices whose time ended longer ago than this are deleted, checked hourly; 0 keeps everything; "
          + "empty: 7d for Weft's indices, 0 with jaeger-compat (Jaeger's own index cleaner stays in charge)");
  public static final Option OPENSEARCH_CREATE_TEMPLATES = new Option("opensearch.create-templates", "true",
      "create the index templates at start (false: apply `weft schema --span-storage.type=opensearch` yourself)");
  public static final Option OPENSEARCH_NESTED_TAGS = new Option("opensearch.tags.nested", "true",
      "index tags, process tags and log fields as nested key/value documents too (ad-hoc queries); "
          + "Weft's own searches use the tagKV keyword field either way");
  public static final Option OPENSEARCH_BULK_BYTES = new Option("opensearch.bulk.max-bytes", "5242880",
      "largest bulk request; spans waiting for a free request slot are gathered up to this size");
  public static final Option OPENSEARCH_BULK_CONCURRENCY = new Option("opensearch.bulk.concurrency", "4",
      "bulk requests in flight at once per node; more spans wait and are sent together");
  public static final Option OPENSEARCH_BULK_RETRY = new Option("opensearch.bulk.retry-timeout", "10s",
      "how long failing spans are retried (backoff from 100ms) before the sender gets a retryable error");
  public static final Option OPENSEARCH_BULK_REFRESH = new Option("opensearch.bulk.refresh", "false",
      "false, wait_for (acknowledge once searchable) or true (force a refresh: tests only)");
  public static final Option OPENSEARCH_ARCHIVE_ALIASES = new Option("opensearch.archive.use-aliases", "false",
      "archived traces written to the alias <span index>-archive-write and read from <span index>-archive-read "
          + "(Jaeger's es-archive.use-aliases; the aliases are made by Jaeger's es-rollover) instead of the "
          + "index <span index>-archive, e.g. jaeger-span-archive");

  // Kafka between collectors and storage (io.weft.kafka) and the ingester role (io.weft.ingester).
  public static final Option KAFKA_BROKERS = new Option("kafka.brokers", "127.0.0.1:9092",
      "comma list of host:port of Kafka brokers to bootstrap from");
  public static final Option KAFKA_TOPIC = new Option("kafka.topic", "weft-spans",
      "topic between collectors and ingesters");
  public static final Option KAFKA_PARTITIONS = new Option("kafka.topic.partitions", "32",
      "partitions when Weft creates the topic: the most ingesters that can share the work");
  public static final Option KAFKA_REPLICATION = new Option("kafka.topic.replication-factor", "-1",
      "replicas per partition when Weft creates a topic (-1: the broker's default.replication.factor)");
  public static final Option KAFKA_RETENTION = new Option("kafka.topic.retention", "48h",
      "how long Kafka keeps spans when Weft creates the topic (retention.ms): how far back replay reaches");
  public static final Option KAFKA_CLIENT_PROPERTIES = new Option("kafka.client-properties", "",
      "extra Kafka client settings for every producer, consumer and admin client, k=v,k=v (TLS, SASL...)");
  public static final Option KAFKA_COMPRESSION = new Option("kafka.producer.compression", "lz4",
      "none, gzip, snappy, lz4 or zstd");
  public static final Option KAFKA_LINGER = new Option("kafka.producer.linger", "5ms",
      "how long the producer waits to fill a batch (linger.ms)");
  public static final Option KAFKA_BATCH_BYTES = new Option("kafka.producer.batch-bytes", "262144",
      "largest producer batch per partition (batch.size)");
  public static final Option KAFKA_BUFFER_BYTES = new Option("kafka.producer.buffer-bytes", "67108864",
      "producer memory for unacknowledged records (buffer.memory); past half of it senders get a retryable error");
  public static final Option KAFKA_DELIVERY_TIMEOUT = new Option("kafka.producer.delivery-timeout", "5s",
      "how long spans may wait for Kafka's acknowledgement before the sender gets a retryable error");
  public static final Option KAFKA_RECORDS = new Option("kafka.producer.records", "partition",
      "partition: a record per partition a request's traces hash to, holding those traces; trace: a record per "
          + "trace, which ingesters older than the partition form read (set it while such ingesters run)");

  public static final Option INGESTER_STORAGE = new Option("ingester.storage.type", "",
      "memory, cassandra or opensearch: where ingesters write, and the query reads when span-storage.type is kafka "
          + "(empty: span-storage.type, or memory when that is kafka)");
  public static final Option INGESTER_GROUP = new Option("ingester.group-id", "weft-ingester",
      "Kafka consumer group of the ingesters; they share the topic's partitions");
  public static final Option INGESTER_DLQ = new Option("ingester.dead-letter-topic", "weft-spans-dlq",
      "where undecodable records go, with the reason in the weft.dlq.reason header");
  public static final Option INGESTER_BATCH = new Option("ingester.batch-records", "500",
      "records per poll, written to storage as one batch");
  public static final Option INGESTER_IN_FLIGHT = new Option("ingester.max-in-flight-batches", "4",
      "batches being written to storage at once; beyond it the ingester pauses its partitions");
  public static final Option INGESTER_BACKOFF = new Option("ingester.retry-backoff-max", "10s",
      "longest wait between retries of a failed storage write (the wait doubles from 100ms)");
  public static final Option REPLAY_FROM = new Option("ingester.replay.from-time", "",
      "replay: store again what Kafka received from this time on (ISO-8601, e.g. 2026-11-24T10:00:00Z)");
  public static final Option REPLAY_TO = new Option("ingester.replay.to-time", "",
      "replay: up to this time, exclusive (empty: what the topic holds when the replay starts)");
  public static final Option REPLAY_GROUP = new Option("ingester.replay.group-id", "weft-replay",
      "replay: consumer group it commits its progress under, apart from the ingesters'");

  // Cold tier on an object store (io.weft.storage.cold, docs/cold-storage.md).
  public static final Option COLD_TYPE = new Option("cold.type", "none",
      "none, s3 or local: where traces go once they are older than cold.after (read by every query API)");
  public static final Option COLD_S3_ENDPOINT = new Option("cold.s3.endpoint", "",
      "S3 API endpoint URL, e.g. http://minio:9000 (empty: AWS's own for cold.s3.region)");
  public static final Option COLD_S3_BUCKET = new Option("cold.s3.bucket", "", "bucket of the cold blocks (it must exist)");
  public static final Option COLD_S3_REGION = new Option("cold.s3.region", "us-east-1", "S3 region (signing)");
  public static final Option COLD_S3_PATH_STYLE = new Option("cold.s3.path-style", "true",
      "path-style addressing (endpoint/bucket/key), as MinIO, Ceph RGW and most other stores want");
  public static final Option COLD_S3_ACCESS_KEY = new Option("cold.s3.access-key", "",
      "access key id (empty: the AWS default chain: environment, profile, container or instance role)");
  public static final Option COLD_S3_SECRET_KEY = new Option("cold.s3.secret-key", "", "secret of cold.s3.access-key");
  public static final Option COLD_PREFIX = new Option("cold.prefix", "weft/",
      "key prefix of every cold object (several Weft installations may share a bucket)");
  public static final Option COLD_LOCAL_DIR = new Option("cold.local.dir", "data/cold",
      "folder of the cold blocks with cold.type=local");
  public static final Option COLD_AFTER = new Option("cold.after", "1h",
      "a trace moves to the cold tier once its start is older than this (its hot copy expires by its own TTL)");
  public static final Option COLD_RETENTION = new Option("cold.retention", "90d",
      "cold blocks whose newest trace started longer ago than this are deleted");
  public static final Option COLD_BLOCK_WINDOW = new Option("cold.block-window", "5m",
      "time window of the traces handed to the cold tier together (one block, or more past cold.block-max-spans)");
  public static final Option COLD_BLOCK_MAX_SPANS = new Option("cold.block-max-spans", "500000",
      "most spans in one block; a larger window is split into blocks by root service");
  public static final Option COLD_COMPACTION_WINDOW = new Option("cold.compaction-window", "1h",
      "blocks whose traces start within one such window are merged into one (duplicate spans removed)");
  public static final Option COLD_HANDOFF_LOOKBACK = new Option("cold.handoff.lookback", "2d",
      "the first handoff (no progress recorded yet) starts this long before cold.after");
  public static final Option COLD_POLL = new Option("cold.poll-interval", "30s",
      "how often a node re-lists the cold blocks (new blocks, compactions, deletions)");
  public static final Option COLD_SEARCH_MAX_BYTES = new Option("cold.search.max-bytes", "268435456",
      "most bytes one search reads from the cold tier; past it the answer is partial, newest first");
  public static final Option COLD_SEARCH_PARALLELISM = new Option("cold.search.parallelism", "4",
      "cold blocks a search reads at once");
  public static final Option COLD_CACHE_BYTES = new Option("cold.cache-bytes", "134217728",
      "memory for cached block Bloom filters, indexes and search columns");
  public static final Option COLD_ZSTD_LEVEL = new Option("cold.zstd-level", "3", "zstd level of new blocks (1-19)");

  public static final Option QUERY_PORT = new Option("query.http.port", "16686",
      "query API and web UI port");
  public static final Option QUERY_GRPC_PORT = new Option("query.grpc.port", "16685",
      "query API over gRPC: Jaeger's api_v3 and api_v2 QueryService (0 disables it)");
  public static final Option QUERY_WEBROOT = new Option("query.webroot", "webroot",
      "folder of the web UI (falls back to the copy inside the jar)");
  public static final Option QUERY_UI_JAEGER_DIST = new Option("query.ui.jaeger-dist", "",
      "folder of a Jaeger UI build to serve on the query port too (its index.html gets Weft's capabilities); empty: none");
  public static final Option QUERY_UI_JAEGER_BASE_PATH = new Option("query.ui.jaeger-base-path", "/jaeger",
      "where that Jaeger UI is served: /jaeger (Weft's UI stays at /), or / (in place of Weft's UI)");
  public static final Option QUERY_UI_JAEGER_CONFIG = new Option("query.ui.jaeger-config", "",
      "Jaeger UI configuration written into its page, a .json or .js file (Jaeger's --query.ui-config)");
  public static final Option QUERY_MAX_SKEW = new Option("query.max-clock-skew-adjustment", "1h",
      "largest clock-skew correction the query applies to a span (0 disables adjustment)");
  public static final Option QUERY_MAX_SEARCH_WINDOW = new Option("query.max-search-window", "7d",
      "widest time range of a trace search without a service (wider, or none: 400); searches with a service are not capped");
  public static final Option QUERY_MAX_SEARCH_DEPTH = new Option("query.max-search-depth", "1500",
      "most traces one search may ask for (its limit; more: 400)");
  public static final Option QUERY_MAX_SEARCH_COST = new Option("query.max-search-cost", "252000",
      "largest cost of one trace search: its limit times its time range in hours (1500 traces over 7 days = 252000; "
          + "no range counts as query.max-search-window); more: 400");
  public static final Option QUERY_ZIPKIN_LENS = new Option("query.zipkin.lens", "",
      "folder of Zipkin Lens (its index.html and static/), served at /zipkin/ beside Zipkin's query API");
  public static final Option QUERY_ZIPKIN_AUTOCOMPLETE_KEYS = new Option("query.zipkin.autocomplete-keys", "",
      "comma list of tag keys whose values Zipkin's /api/v2/autocompleteValues offers (Zipkin's AUTOCOMPLETE_KEYS)");

  public static final Option AGENT_COMPACT_PORT = new Option("agent.jaeger.compact.port", "6831",
      "agent: UDP port for Jaeger thrift compact emitBatch datagrams (0 disables it)");
  public static final Option AGENT_BINARY_PORT = new Option("agent.jaeger.binary.port", "6832",
      "agent: UDP port for Jaeger thrift binary emitBatch datagrams (0 disables it)");
  public static final Option AGENT_MAX_PACKET = new Option("agent.udp.max-packet-size", "65000",
      "agent: largest datagram taken; larger ones are dropped and counted (reason too-large)");
  public static final Option AGENT_SOCKET_BUFFER = new Option("agent.udp.socket-buffer-size", "4194304",
      "agent: UDP receive buffer (SO_RCVBUF) in bytes, capped by net.core.rmem_max; must exceed max-packet-size");
  public static final Option AGENT_BATCH_SPANS = new Option("agent.batch.max-spans", "100",
      "agent: spans per batch sent to a collector");
  public static final Option AGENT_BATCH_INTERVAL = new Option("agent.batch.interval", "100ms",
      "agent: a batch is sent at least this often when it holds any span");
  public static final Option AGENT_BUFFER_SPANS = new Option("agent.buffer.max-spans", "100000",
      "agent: spans held while no collector answers; the oldest are dropped first (counted)");
  public static final Option AGENT_BUFFER_BYTES = new Option("agent.buffer.max-bytes", "67108864",
      "agent: encoded bytes held while no collector answers; the oldest are dropped first (counted)");
  public static final Option AGENT_MAX_IN_FLIGHT = new Option("agent.max-in-flight", "8",
      "agent: batches awaiting a collector's answer at once (bounds the burst when a collector returns)");
  public static final Option AGENT_COLLECTOR_HOST = new Option("agent.collector.host", "",
      "agent: host:port of a collector's OTLP gRPC port; empty sends over the event bus to the cluster's collectors");
  public static final Option AGENT_COLLECTOR_TLS = new Option("agent.collector.tls", "false",
      "agent: TLS to agent.collector.host, trusting tls.ca (and showing tls.cert when the collector asks)");
  public static final Option AGENT_COLLECTOR_TIMEOUT = new Option("agent.collector.timeout", "5s",
      "agent: a batch not acknowledged within this is retried");
  public static final Option AGENT_MAX_BACKOFF = new Option("agent.retry.max-backoff", "2s",
      "agent: longest wait between retries while no collector answers (starts at 50ms, doubles)");
  public static final Option AGENT_TAGS = new Option("agent.tags", "",
      "agent: tags added to the process of every span forwarded, e.g. host=abc,zone=eu-1");
  public static final Option AGENT_TENANT = new Option("agent.tenant", "",
      "agent: the tenant of every span it forwards (with tenancy.enabled; empty: the collector's tenancy.default)");

  public static final Option SAMPLING_HTTP_PORT = new Option("sampling.http.port", "5778",
      "sampling strategies over HTTP: GET /sampling?service= (and / for old clients); 0 disables it");
  public static final Option SAMPLING_GRPC_PORT = new Option("sampling.grpc.port", "5779",
      "sampling strategies over gRPC jaeger.api_v2.SamplingManager (0 disables it)");
  public static final Option SAMPLING_FILE = new Option("sampling.strategies-file", "",
      "Jaeger sampling strategies file (JSON); empty: every service gets sampling.default-probability");
  public static final Option SAMPLING_RELOAD = new Option("sampling.strategies-reload-interval", "10s",
      "how often the strategies file's modification time is checked (0 disables reloading)");
  public static final Option SAMPLING_DEFAULT = new Option("sampling.default-probability", "1.0",
      "probabilistic rate given when no file or no default_strategy applies");

  // Adaptive sampling (io.weft.sampling.adaptive): Jaeger's algorithm and defaults (options.go).
  public static final Option ADAPTIVE = new Option("sampling.adaptive.enabled", "false",
      "compute per-operation probabilities from observed root spans and serve them on 5778/5779 (a strategies "
          + "file's own service entries still win)");
  public static final Option ADAPTIVE_TARGET = new Option("sampling.adaptive.target-samples-per-second", "1",
      "adaptive: sampled traces per second wanted for each operation");
  public static final Option ADAPTIVE_TOLERANCE = new Option("sampling.adaptive.delta-tolerance", "0.3",
      "adaptive: a probability is left alone while |observed - target| / target is below this");
  public static final Option ADAPTIVE_INTERVAL = new Option("sampling.adaptive.calculation-interval", "1m",
      "adaptive: how often throughput is flushed and probabilities recalculated (one bucket each)");
  public static final Option ADAPTIVE_BUCKETS = new Option("sampling.adaptive.aggregation-buckets", "10",
      "adaptive: throughput buckets kept in memory");
  public static final Option ADAPTIVE_CALC_BUCKETS = new Option("sampling.adaptive.calculation-buckets", "1",
      "adaptive: most recent buckets averaged (weights i^4, newest heaviest) into an operation's observed rate");
  public static final Option ADAPTIVE_DELAY = new Option("sampling.adaptive.calculation-delay", "2m",
      "adaptive: throughput newer than this is not used yet (SDKs poll for new rates only so often)");
  public static final Option ADAPTIVE_INITIAL = new Option("sampling.adaptive.initial-sampling-probability", "0.001",
      "adaptive: probability of an operation not calculated yet");
  public static final Option ADAPTIVE_MIN_PROBABILITY = new Option("sampling.adaptive.min-sampling-probability",
      "0.00001", "adaptive: lowest probability ever given");
  public static final Option ADAPTIVE_MIN_SPS = new Option("sampling.adaptive.min-samples-per-second",
      "0.016666666666666666", "adaptive: lower-bound traces per second of every operation, sampled whatever the "
          + "probability (SDKs' guaranteed-throughput sampler)");
  public static final Option ADAPTIVE_INCREASE_CAP = new Option("sampling.adaptive.percentage-increase-cap", "1.0",
      "adaptive: largest increase of a probability per calculation, as a fraction of it (1.0: at most doubles); "
          + "decreases are not capped");
  public static final Option ADAPTIVE_LEADER_LEASE = new Option("sampling.adaptive.leader-lease-refresh-interval",
      "5s", "adaptive: how often the leader renews its lease");
  public static final Option ADAPTIVE_FOLLOWER_LEASE = new Option(
      "sampling.adaptive.follower-lease-refresh-interval", "60s",
      "adaptive: how often a follower tries for the lease, and the lease's length (clustered, a follower also "
          + "tries as soon as the leader's member is gone)");
  public static final Option ADAPTIVE_UNTAGGED = new Option("sampling.adaptive.count-untagged-roots", "true",
      "adaptive: count root spans without sampler.type/sampler.param tags (OpenTelemetry SDKs) as sampled at the "
          + "probability served; false: ignore them, as Jaeger does");

  // Tail-based sampling (io.weft.sampling.tail).
  public static final Option TAIL_POLICY_FILE = new Option("sampling.tail.policy-file", "",
      "tail-based sampling policies (YAML or JSON, see docs/sampling.md); empty: no tail sampling");
  public static final Option TAIL_RELOAD = new Option("sampling.tail.reload-interval", "10s",
      "how often the policy file's modification time is checked (0 disables reloading)");

  public static final Option CLUSTER = new Option("cluster", "false",
      "join a cluster of Weft nodes (Hazelcast); roles then move between nodes (see docs/cluster.md)");
  public static final Option CLUSTER_CONFIG = new Option("cluster.config", "",
      "Hazelcast XML; empty: ./cluster.xml if present, else the copy inside the jar");
  public static final Option CLUSTER_MEMBERS = new Option("cluster.members", "",
      "Hazelcast members to join, comma list of host or host:port (e.g. weft-1:5701,weft-2:5701); empty: the"
          + " member list of cluster.xml");
  public static final Option CLUSTER_HOST = new Option("cluster.host", "127.0.0.1",
      "this node's cluster address (a name is resolved): the event bus binds it and Hazelcast takes it as its"
          + " interface; 0.0.0.0: the event bus binds all and Hazelcast picks an interface");
  public static final Option CLUSTER_PORT = new Option("cluster.port", "0",
      "clustered event bus port (0: any free port)");
  public static final Option CLUSTER_PUBLIC_HOST = new Option("cluster.public-host", "",
      "address other members use to reach this node, its event bus and Hazelcast (NAT, containers); empty:"
          + " cluster.host");
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
  public static final Option CLUSTER_SECRET = new Option("cluster.secret", "",
      "shared secret of the cluster's members: a member that cannot prove it gets no roles, spans or event-bus "
          + "traffic (empty: none checked); prefer WEFT_CLUSTER_SECRET or the config file to a flag");
  public static final Option BRIDGE_TCP_PORT = new Option("bridge.tcp.port", "7070",
      "TCP event-bus bridge for other languages, clustered nodes only (0 disables it)");
  public static final Option BRIDGE_ADMIN = new Option("bridge.admin-enabled", "false",
      "let bridge clients use admin addresses (weft.admin.*: change role counts)");
  public static final Option QUERY_ADMIN = new Option("query.admin-enabled", "false",
      "let the web UI change role counts (PUT /api/admin/roles on the query port)");

  // Span metrics (io.weft.spanmetrics): RED per service and operation, the service graph (docs/span-metrics.md).
  public static final Option SPAN_METRICS_ENABLED = new Option("span-metrics.enabled", "true",
      "count every accepted span into span metrics (Jaeger's /api/metrics/*, Prometheus traces_span_metrics_*)");
  public static final Option SPAN_METRICS_STEP = new Option("span-metrics.step", "15s",
      "time bucket of span metrics, and how often each collector flushes them (divides an hour)");
  public static final Option SPAN_METRICS_MAX_SERIES = new Option("span-metrics.max-series", "10000",
      "series (service, operation, kind, status) a node keeps; beyond them spans count in an overflow series");
  public static final Option SPAN_METRICS_MAX_OPERATIONS = new Option("span-metrics.max-operations-per-service", "500",
      "operations per service in span metrics; beyond them (span names holding ids) spans count as __overflow__");
  public static final Option SPAN_METRICS_MEMORY_BYTES = new Option("span-metrics.memory.max-bytes", "67108864",
      "with in-memory storage: bytes of span metrics kept; the oldest buckets go first");

  // Tenancy (io.weft.tenant): tenants kept apart end to end, with limits per tenant (docs/tenancy.md).
  public static final Option TENANCY_ENABLED = new Option("tenancy.enabled", "false",
      "keep tenants apart: every request names its tenant (tenancy.header), stored and read per tenant");
  public static final Option TENANCY_HEADER = new Option("tenancy.header", "x-tenant",
      "HTTP header / gRPC metadata naming the tenant (Tempo's X-Scope-OrgID is accepted too)");
  public static final Option TENANCY_TENANTS = new Option("tenancy.tenants", "",
      "comma list of allowed tenants; others are refused (403 / PERMISSION_DENIED); empty: any valid name");
  public static final Option TENANCY_DEFAULT = new Option("tenancy.default", "",
      "tenant of requests (and agent batches, Kafka records) that name none; empty: such requests are refused (401)");
  public static final Option TENANCY_MAX_TENANTS = new Option("tenancy.max-tenants", "100",
      "tenants a node keeps stores for when tenancy.tenants is empty; a new tenant past it is refused (403)");
  public static final Option TENANCY_SPANS_PER_SECOND = new Option("tenancy.ingest.spans-per-second", "0",
      "spans a tenant may send per second to each collector node (0: no limit); beyond it 429 / RESOURCE_EXHAUSTED");
  public static final Option TENANCY_BYTES_PER_SECOND = new Option("tenancy.ingest.bytes-per-second", "0",
      "request bytes a tenant may send per second to each collector node (0: no limit); beyond it 429");
  public static final Option TENANCY_MAX_SPANS_PER_TRACE = new Option("tenancy.max-spans-per-trace", "0",
      "spans a trace of a tenant may hold (0: no limit); further spans of the trace are rejected and counted");
  public static final Option TENANCY_MAX_METRIC_SERIES = new Option("tenancy.max-metric-series", "0",
      "span-metric series (and service-graph edges) a tenant may have on each collector node (0: span-metrics.max-series); "
          + "beyond them its spans count in its overflow series");
  public static final Option TENANCY_OVERRIDES = new Option("tenancy.overrides", "",
      "per-tenant limits, comma list of tenant.key=value; keys: spans-per-second, bytes-per-second, "
          + "max-spans-per-trace, max-metric-series, ttl (Cassandra retention), e.g. "
          + "team-a.spans-per-second=5000,team-a.ttl=7d");

  public static final Option ADMIN_PORT = new Option("admin.http.port", "14269",
      "admin port: /health and /metrics");

  // TLS and limits of every TCP listener (io.weft.net); see docs/security.md.
  public static final Option TLS_CERT = new Option("tls.cert", "",
      "PEM certificate chain served by the listeners of tls.listeners (empty: no TLS); re-read when it changes");
  public static final Option TLS_KEY = new Option("tls.key", "",
      "PEM private key (PKCS#8 or PKCS#1) of tls.cert");
  public static final Option TLS_LISTENERS = new Option("tls.listeners", "all",
      "listener groups that serve TLS when tls.cert is set: collector, sampling, query, admin, bridge, cluster, or all");
  public static final Option TLS_CLIENT_AUTH = new Option("tls.client-auth", "none",
      "client certificates: none, request (checked when given) or required (mutual TLS)");
  public static final Option TLS_CLIENT_AUTH_LISTENERS = new Option("tls.client-auth.listeners", "all",
      "listener groups that ask for client certificates (e.g. collector,cluster: browsers on the query port need none)");
  public static final Option TLS_CLIENT_CA = new Option("tls.client-ca", "",
      "PEM CA certificates that client certificates must chain to");
  public static final Option TLS_CA = new Option("tls.ca", "",
      "PEM CA certificates Weft trusts when it connects to Weft (members to each other, agent to collector); "
          + "empty: the JVM's trust store");
  public static final Option TLS_RELOAD = new Option("tls.reload-interval", "10s",
      "how often the PEM files' size and modification time are checked (0: read at start only)");
  public static final Option TLS_ENGINE = new Option("tls.engine", "auto",
      "TLS implementation of the listeners and Weft's own clients: auto (BoringSSL through netty-tcnative where it "
          + "loads, else the JDK's), openssl or jdk");
  public static final Option NET_MAX_CONNECTIONS = new Option("net.max-connections", "4096",
      "connections one listener keeps open at once; more are closed at once (counted)");
  public static final Option NET_HEADER_TIMEOUT = new Option("net.header-timeout", "10s",
      "time a connection has to send a request's headers (and the TLS handshake), from opening or, on HTTP/1, "
          + "from the answer to its previous request (up to twice this after it); then it is closed (0: no limit)");
  public static final Option NET_BODY_TIMEOUT = new Option("net.body-timeout", "60s",
      "time a request has to send its whole body once its headers came; then it is cut off (0: no limit)");
  public static final Option NET_IDLE_TIMEOUT = new Option("net.idle-timeout", "5m",
      "a connection with no traffic either way for this long is closed (0: never)");
  public static final Option NET_HTTP2_MAX_STREAMS = new Option("net.http2.max-concurrent-streams", "100",
      "streams one HTTP/2 connection (gRPC) may have open at once, advertised to clients; more are refused");

  public static final Option CORS_ALLOWED_ORIGINS = new Option("cors.allowed-origins", "",
      "origins (scheme://host[:port], or *) of browser apps allowed to call the HTTP listeners of cors.listeners "
          + "across origins; preflights are answered before authentication (empty: none)");
  public static final Option CORS_ALLOWED_HEADERS = new Option("cors.allowed-headers", "",
      "request headers allowed across origins besides authorization, content-type, content-encoding, "
          + "tenancy.header and X-Scope-OrgID");
  public static final Option CORS_MAX_AGE = new Option("cors.max-age", "10m",
      "how long a browser may keep a preflight's answer (Access-Control-Max-Age)");
  public static final Option CORS_LISTENERS = new Option("cors.listeners", "collector,query",
      "listener groups whose HTTP listeners answer cross-origin requests (OTLP/HTTP, Zipkin and Jaeger HTTP; "
          + "the query API and UI)");

  public static final Option AUTH_TOKENS_FILE = new Option("auth.tokens-file", "",
      "bearer tokens, one a line: TOKEN (or sha256:HEX) PERMISSIONS (write,read,admin) TENANT (or -) [NAME]; "
          + "re-read when it changes (empty: no tokens)");
  public static final Option AUTH_TOKENS_RELOAD = new Option("auth.tokens-reload-interval", "10s",
      "how often the tokens file's size and modification time are checked (0: read at start only)");
  public static final Option AUTH_LISTENERS = new Option("auth.listeners", "collector,query,admin,bridge",
      "listener groups that ask every request for a token when auth.tokens-file or auth.oidc.jwks-url is set "
          + "(sampling too if listed; /health and the UI's files stay open)");
  public static final Option AUTH_OIDC_JWKS_URL = new Option("auth.oidc.jwks-url", "",
      "JWKS URL of the identity provider whose JWTs (RS256, ES256) are accepted as bearer tokens (empty: none)");
  public static final Option AUTH_OIDC_ISSUER = new Option("auth.oidc.issuer", "",
      "the iss a JWT must carry (required with auth.oidc.jwks-url)");
  public static final Option AUTH_OIDC_AUDIENCE = new Option("auth.oidc.audience", "",
      "a value the JWT's aud must carry (required with auth.oidc.jwks-url)");
  public static final Option AUTH_OIDC_TENANT_CLAIM = new Option("auth.oidc.tenant-claim", "tenant",
      "the JWT claim naming the caller's tenant");
  public static final Option AUTH_OIDC_PERMISSIONS_CLAIM = new Option("auth.oidc.permissions-claim", "scope",
      "the JWT claim holding permissions (space-separated string or array), each auth.oidc.permission-prefix "
          + "+ write, read or admin");
  public static final Option AUTH_OIDC_PERMISSION_PREFIX = new Option("auth.oidc.permission-prefix", "weft:",
      "prefix of Weft's permissions in the permissions claim (weft:write, weft:read, weft:admin)");
  public static final Option AUTH_OIDC_JWKS_REFRESH = new Option("auth.oidc.jwks-refresh", "10m",
      "how often the JWKS is fetched again (also when a JWT names an unknown key, at most every 10s)");
  public static final Option AUTH_OIDC_JWKS_CA = new Option("auth.oidc.jwks-ca", "",
      "PEM CA certificates trusted for an https JWKS URL (empty: the JVM's trust store)");
  public static final Option AUTH_OIDC_CLOCK_SKEW = new Option("auth.oidc.clock-skew", "60s",
      "leeway on a JWT's exp and nbf for clocks that differ");
  public static final Option AGENT_COLLECTOR_TOKEN = new Option("agent.collector.token", "",
      "agent: bearer token sent to agent.collector.host (a token with write); prefer WEFT_AGENT_COLLECTOR_TOKEN");

  public static final List<Option> ALL = List.of(ROLES, CONFIG, HOST, LOG_LEVEL,
      OTLP_GRPC_PORT, OTLP_HTTP_PORT, JAEGER_HTTP_PORT, ZIPKIN_HTTP_PORT, COLLECTOR_INSTANCES,
      QUEUE_SIZE, MAX_REQUEST_BYTES, MAX_TAGS, MAX_SPAN_BYTES, MAX_FUTURE, MAX_DURATION, SAMPLING_RATE,
      STORAGE_TYPE, MEMORY_MAX_TRACES, MEMORY_ARCHIVE_MAX_TRACES,
      CASSANDRA_CONTACT_POINTS, CASSANDRA_LOCAL_DC, CASSANDRA_KEYSPACE, CASSANDRA_USERNAME, CASSANDRA_PASSWORD,
      CASSANDRA_TLS_ENABLED, CASSANDRA_TLS_CA, CASSANDRA_TLS_CERT, CASSANDRA_TLS_KEY, CASSANDRA_TLS_VERIFY_HOSTNAME,
      CASSANDRA_CONSISTENCY, CASSANDRA_REPLICATION, CASSANDRA_TTL, CASSANDRA_ARCHIVE_TTL,
      CASSANDRA_CREATE_SCHEMA, CASSANDRA_WRITE_CONCURRENCY,
      CASSANDRA_INDEX_TAGS_ALLOW, CASSANDRA_INDEX_TAGS_DENY, CASSANDRA_INDEX_TAGS_MAX_LENGTH, CASSANDRA_INDEX_TAG_BLACKLIST,
      CASSANDRA_INDEX_TAG_WHITELIST, CASSANDRA_INDEX_TAGS, CASSANDRA_INDEX_PROCESS_TAGS, CASSANDRA_INDEX_LOGS, CASSANDRA_BUCKET,
      CASSANDRA_MAX_SEARCH_PARTITIONS, CASSANDRA_INDEX_MODE,
      OPENSEARCH_URLS, OPENSEARCH_USERNAME, OPENSEARCH_PASSWORD, OPENSEARCH_API_KEY, OPENSEARCH_TLS_CA, OPENSEARCH_TLS_CERT,
      OPENSEARCH_TLS_KEY, OPENSEARCH_TLS_SKIP_VERIFY, OPENSEARCH_TIMEOUT, OPENSEARCH_JAEGER, OPENSEARCH_INDEX_PREFIX,
      OPENSEARCH_DATE_LAYOUT, OPENSEARCH_SHARDS, OPENSEARCH_REPLICAS, OPENSEARCH_REFRESH, OPENSEARCH_RETENTION,
      OPENSEARCH_CREATE_TEMPLATES, OPENSEARCH_NESTED_TAGS, OPENSEARCH_BULK_BYTES, OPENSEARCH_BULK_CONCURRENCY,
      OPENSEARCH_BULK_RETRY, OPENSEARCH_BULK_REFRESH, OPENSEARCH_ARCHIVE_ALIASES,
      KAFKA_BROKERS, KAFKA_TOPIC, KAFKA_PARTITIONS, KAFKA_REPLICATION, KAFKA_RETENTION, KAFKA_CLIENT_PROPERTIES,
      KAFKA_COMPRESSION, KAFKA_LINGER, KAFKA_BATCH_BYTES, KAFKA_BUFFER_BYTES, KAFKA_DELIVERY_TIMEOUT, KAFKA_RECORDS,
      INGESTER_STORAGE, INGESTER_GROUP, INGESTER_DLQ, INGESTER_BATCH, INGESTER_IN_FLIGHT, INGESTER_BACKOFF,
      REPLAY_FROM, REPLAY_TO, REPLAY_GROUP,
      COLD_TYPE, COLD_S3_ENDPOINT, COLD_S3_BUCKET, COLD_S3_REGION, COLD_S3_PATH_STYLE, COLD_S3_ACCESS_KEY,
      COLD_S3_SECRET_KEY, COLD_PREFIX, COLD_LOCAL_DIR, COLD_AFTER, COLD_RETENTION, COLD_BLOCK_WINDOW,
      COLD_BLOCK_MAX_SPANS, COLD_COMPACTION_WINDOW, COLD_HANDOFF_LOOKBACK, COLD_POLL, COLD_SEARCH_MAX_BYTES,
      COLD_SEARCH_PARALLELISM, COLD_CACHE_BYTES, COLD_ZSTD_LEVEL,
      QUERY_PORT, QUERY_GRPC_PORT, QUERY_WEBROOT, QUERY_UI_JAEGER_DIST, QUERY_UI_JAEGER_BASE_PATH, QUERY_UI_JAEGER_CONFIG,
      QUERY_MAX_SKEW, QUERY_MAX_SEARCH_WINDOW, QUERY_MAX_SEARCH_DEPTH, QUERY_MAX_SEARCH_COST,
      QUERY_ZIPKIN_LENS, QUERY_ZIPKIN_AUTOCOMPLETE_KEYS,
      AGENT_COMPACT_PORT, AGENT_BINARY_PORT, AGENT_MAX_PACKET, AGENT_SOCKET_BUFFER, AGENT_BATCH_SPANS,
      AGENT_BATCH_INTERVAL, AGENT_BUFFER_SPANS, AGENT_BUFFER_BYTES, AGENT_MAX_IN_FLIGHT, AGENT_COLLECTOR_HOST, AGENT_COLLECTOR_TLS,
      AGENT_COLLECTOR_TOKEN, AGENT_COLLECTOR_TIMEOUT, AGENT_MAX_BACKOFF, AGENT_TAGS, AGENT_TENANT,
      SAMPLING_HTTP_PORT, SAMPLING_GRPC_PORT, SAMPLING_FILE, SAMPLING_RELOAD, SAMPLING_DEFAULT,
      ADAPTIVE, ADAPTIVE_TARGET, ADAPTIVE_TOLERANCE, ADAPTIVE_INTERVAL, ADAPTIVE_BUCKETS, ADAPTIVE_CALC_BUCKETS,
      ADAPTIVE_DELAY, ADAPTIVE_INITIAL, ADAPTIVE_MIN_PROBABILITY, ADAPTIVE_MIN_SPS, ADAPTIVE_INCREASE_CAP,
      ADAPTIVE_LEADER_LEASE, ADAPTIVE_FOLLOWER_LEASE, ADAPTIVE_UNTAGGED, TAIL_POLICY_FILE, TAIL_RELOAD,
      SPAN_METRICS_ENABLED, SPAN_METRICS_STEP, SPAN_METRICS_MAX_SERIES, SPAN_METRICS_MAX_OPERATIONS,
      SPAN_METRICS_MEMORY_BYTES, ADMIN_PORT,
      TLS_CERT, TLS_KEY, TLS_LISTENERS, TLS_CLIENT_AUTH, TLS_CLIENT_AUTH_LISTENERS, TLS_CLIENT_CA, TLS_CA, TLS_RELOAD, TLS_ENGINE,
      NET_MAX_CONNECTIONS, NET_HEADER_TIMEOUT, NET_BODY_TIMEOUT, NET_IDLE_TIMEOUT, NET_HTTP2_MAX_STREAMS,
      CORS_ALLOWED_ORIGINS, CORS_ALLOWED_HEADERS, CORS_MAX_AGE, CORS_LISTENERS,
      TENANCY_ENABLED, TENANCY_HEADER, TENANCY_TENANTS, TENANCY_DEFAULT, TENANCY_MAX_TENANTS,
      TENANCY_SPANS_PER_SECOND, TENANCY_BYTES_PER_SECOND, TENANCY_MAX_SPANS_PER_TRACE, TENANCY_MAX_METRIC_SERIES,
      TENANCY_OVERRIDES,
      AUTH_TOKENS_FILE, AUTH_TOKENS_RELOAD, AUTH_LISTENERS, AUTH_OIDC_JWKS_URL, AUTH_OIDC_ISSUER, AUTH_OIDC_AUDIENCE,
      AUTH_OIDC_TENANT_CLAIM, AUTH_OIDC_PERMISSIONS_CLAIM, AUTH_OIDC_PERMISSION_PREFIX, AUTH_OIDC_JWKS_REFRESH,
      AUTH_OIDC_JWKS_CA, AUTH_OIDC_CLOCK_SKEW,
      CLUSTER, CLUSTER_CONFIG, CLUSTER_MEMBERS, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_PUBLIC_HOST, CLUSTER_SPARE, CLUSTER_DESIRED,
      CLUSTER_RECONCILE, CLUSTER_QUERY_TIMEOUT, CLUSTER_SHUTDOWN, CLUSTER_SECRET, BRIDGE_TCP_PORT, BRIDGE_ADMIN, QUERY_ADMIN);
}
