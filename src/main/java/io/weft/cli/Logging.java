package io.weft.cli;

import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.role.Role;
import java.util.Set;

/** Start-up log helpers: the log level (slf4j-simple reads a system property) and the listening ports. */
final class Logging {
  private Logging() {}

  static void setLevel(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "warn");
    // A clustered Vert.x registers its event-bus handler gauge twice; Micrometer warns and keeps one.
    System.setProperty("org.slf4j.simpleLogger.log.io.micrometer.core.instrument.MeterRegistry", "error");
    // Kafka's clients print every config at info on each start; their warnings still show.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
  }

  static String ports(WeftConfig c, Set<Role> roles) {
    StringBuilder sb = new StringBuilder("listening on ").append(c.get(Options.HOST)).append(':');
    if (roles.contains(Role.COLLECTOR)) {
      sb.append(" otlp-grpc ").append(c.get(Options.OTLP_GRPC_PORT))
        .append(", otlp-http ").append(c.get(Options.OTLP_HTTP_PORT))
        .append(", jaeger-http ").append(c.get(Options.JAEGER_HTTP_PORT))
        .append(", zipkin ").append(c.get(Options.ZIPKIN_HTTP_PORT)).append(',');
    }
    if (roles.contains(Role.AGENT)) {
      sb.append(" jaeger-udp compact ").append(c.get(Options.AGENT_COMPACT_PORT))
        .append(" binary ").append(c.get(Options.AGENT_BINARY_PORT))
        .append(", sampling-http ").append(c.get(Options.SAMPLING_HTTP_PORT))
        .append(", sampling-grpc ").append(c.get(Options.SAMPLING_GRPC_PORT)).append(',');
    }
    if (roles.contains(Role.QUERY)) {
      sb.append(" query+ui ").append(c.get(Options.QUERY_PORT)).append(',');
      if (c.getInt(Options.QUERY_GRPC_PORT) > 0) {
        sb.append(" query-grpc ").append(c.get(Options.QUERY_GRPC_PORT)).append(',');
      }
    }
    return sb.append(" admin ").append(c.get(Options.ADMIN_PORT)).toString();
  }
}
