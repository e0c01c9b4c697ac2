package io.weft.agent;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.List;

/** The agent's settings, checked once at start so a bad value fails the node instead of the traffic. */
public record AgentSettings(String host, int compactPort, int binaryPort, int maxPacketSize, int socketBufferSize,
    int batchSpans, long batchIntervalMs, long bufferSpans, long bufferBytes, int maxInFlight, String collectorHost,
    long timeoutMs, long maxBackoffMs, List<Tag> tags, boolean collectorTls, String collectorToken, String tenant,
    String tenantHeader) {

  /** Without a tenant (the collector's default, or the one implicit tenant without tenancy). */
  public AgentSettings(String host, int compactPort, int binaryPort, int maxPacketSize, int socketBufferSize,
      int batchSpans, long batchIntervalMs, long bufferSpans, long bufferBytes, int maxInFlight, String collectorHost,
      long timeoutMs, long maxBackoffMs, List<Tag> tags, boolean collectorTls, String collectorToken) {
    this(host, compactPort, binaryPort, maxPacketSize, socketBufferSize, batchSpans, batchIntervalMs, bufferSpans,
        bufferBytes, maxInFlight, collectorHost, timeoutMs, maxBackoffMs, tags, collectorTls, collectorToken, "",
        "x-tenant");
  }

  public static AgentSettings from(WeftConfig c) {
    AgentSettings s = new AgentSettings(c.get(Options.HOST), c.getInt(Options.AGENT_COMPACT_PORT),
        c.getInt(Options.AGENT_BINARY_PORT), c.getInt(Options.AGENT_MAX_PACKET), c.getInt(Options.AGENT_SOCKET_BUFFER),
        c.getInt(Options.AGENT_BATCH_SPANS), c.getMicros(Options.AGENT_BATCH_INTERVAL) / 1000,
        c.getLong(Options.AGENT_BUFFER_SPANS), c.getLong(Options.AGENT_BUFFER_BYTES), c.getInt(Options.AGENT_MAX_IN_FLIGHT),
        c.get(Options.AGENT_COLLECTOR_HOST).trim(), c.getMicros(Options.AGENT_COLLECTOR_TIMEOUT) / 1000,
        c.getMicros(Options.AGENT_MAX_BACKOFF) / 1000, parseTags(c.get(Options.AGENT_TAGS)),
        io.weft.cluster.ClusterSettings.bool(c, Options.AGENT_COLLECTOR_TLS),
        c.get(Options.AGENT_COLLECTOR_TOKEN).trim(),
        c.get(Options.AGENT_TENANT).trim(), c.get(Options.TENANCY_HEADER).trim().toLowerCase(java.util.Locale.ROOT));
    s.check();
    return s;
  }

  private void check() {
    if (maxPacketSize < 1 || maxPacketSize > 65535) {
      throw new ConfigException(Options.AGENT_MAX_PACKET.name() + " must be between 1 and 65535");
    }
    // Vert.x reads each datagram into a buffer of the socket's receive-buffer size: a smaller one would
    // truncate datagrams, and a datagram just over the limit could not be told from one that fits.
    if (socketBufferSize <= maxPacketSize) {
      throw new ConfigException(Options.AGENT_SOCKET_BUFFER.name() + " (" + socketBufferSize + ") must be larger than "
          + Options.AGENT_MAX_PACKET.name() + " (" + maxPacketSize + ")");
    }
    positive(Options.AGENT_BATCH_SPANS.name(), batchSpans);
    positive(Options.AGENT_BATCH_INTERVAL.name(), batchIntervalMs);
    positive(Options.AGENT_MAX_IN_FLIGHT.name(), maxInFlight);
    positive(Options.AGENT_COLLECTOR_TIMEOUT.name(), timeoutMs);
    positive(Options.AGENT_MAX_BACKOFF.name(), maxBackoffMs);
    if (bufferSpans < batchSpans) {
      throw new ConfigException(Options.AGENT_BUFFER_SPANS.name() + " must hold at least one batch ("
          + Options.AGENT_BATCH_SPANS.name() + "=" + batchSpans + ")");
    }
    positive(Options.AGENT_BUFFER_BYTES.name(), bufferBytes);
    if (!collectorHost.isEmpty()) {
      collectorPort(); // fails early on a malformed host:port
    }
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new ConfigException(name + " must be positive, got " + v);
    }
  }

  String collectorHostName() {
    return collectorHost.substring(0, collectorHost.lastIndexOf(':'));
  }

  int collectorPort() {
    int colon = collectorHost.lastIndexOf(':');
    try {
      int port = colon > 0 ? Integer.parseInt(collectorHost.substring(colon + 1)) : -1;
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(Options.AGENT_COLLECTOR_HOST.name() + " must be host:port, got '" + collectorHost + "'");
  }

  /** {@code k=v,k2=v2} as string tags; values keep their case (unlike list options). */
  static List<Tag> parseTags(String text) {
    List<Tag> tags = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(Options.AGENT_TAGS.name() + ": expected key=value, got '" + part.trim() + "'");
      }
      tags.add(Tag.string(part.substring(0, eq).trim(), part.substring(eq + 1).trim()));
    }
    return List.copyOf(tags);
  }
}
