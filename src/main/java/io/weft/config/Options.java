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

  public static final Option STORAGE_TYPE = new Option("span-storage.type", "memory",
      "memory, or kafka: collectors write to Kafka and ingesters store (see ingester.storage.type)");
  public static final Option MEMORY_MAX_TRACES = new Option("memory.max-traces", "100000",
      "traces the in-memory store holds; the oldest are evicted first (counted in /metrics)");

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

  public static final Option INGESTER_STORAGE = new Option("ingester.storage.type", "",
      "memory: where ingesters write, and the query reads when span-storage.type is kafka "
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

  public static final Option QUERY_PORT = new Option("query.http.port", "16686",
      "query API and web UI port");
  public static final Option QUERY_WEBROOT = new Option("query.webroot", "webroot",
      "folder of the web UI (falls back to the copy inside the jar)");
  public static final Option QUERY_MAX_SKEW = new Option("query.max-clock-skew-adjustment", "1h",
      "largest clock-skew correction the query applies to a span (0 disables adjustment)");

  public static final Option ADMIN_PORT = new Option("admin.http.port", "14269",
      "admin port: /health and /metrics");

  public static final List<Option> ALL = List.of(ROLES, CONFIG, HOST, LOG_LEVEL,
      OTLP_GRPC_PORT, OTLP_HTTP_PORT, JAEGER_HTTP_PORT, ZIPKIN_HTTP_PORT, COLLECTOR_INSTANCES,
      QUEUE_SIZE, MAX_REQUEST_BYTES, MAX_TAGS, MAX_SPAN_BYTES, MAX_FUTURE, MAX_DURATION, SAMPLING_RATE,
      STORAGE_TYPE, MEMORY_MAX_TRACES,
      KAFKA_BROKERS, KAFKA_TOPIC, KAFKA_PARTITIONS, KAFKA_REPLICATION, KAFKA_RETENTION, KAFKA_CLIENT_PROPERTIES,
      KAFKA_COMPRESSION, KAFKA_LINGER, KAFKA_BATCH_BYTES, KAFKA_BUFFER_BYTES, KAFKA_DELIVERY_TIMEOUT,
      INGESTER_STORAGE, INGESTER_GROUP, INGESTER_DLQ, INGESTER_BATCH, INGESTER_IN_FLIGHT, INGESTER_BACKOFF,
      REPLAY_FROM, REPLAY_TO, REPLAY_GROUP,
      QUERY_PORT, QUERY_WEBROOT, QUERY_MAX_SKEW, ADMIN_PORT);
}
