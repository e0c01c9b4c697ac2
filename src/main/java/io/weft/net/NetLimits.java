package io.weft.net;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;

/**
 * What every TCP listener grants one client (slowloris and floods): connections open at once per
 * listener, the time a connection has to deliver a request's headers (from its opening, and on
 * HTTP/1 from the previous request: also the keep-alive wait), the time a request has to deliver its
 * body, the idle time after which a connection closes, and the concurrent streams of one HTTP/2
 * connection. Times in milliseconds; 0 turns a timeout off.
 */
public record NetLimits(int maxConnections, long headerTimeoutMs, long bodyTimeoutMs, long idleTimeoutMs,
    int http2MaxStreams) {

  /** No limits beyond Vert.x's own (unit tests that start a verticle alone). */
  public static final NetLimits NONE = new NetLimits(Integer.MAX_VALUE, 0, 0, 0, 100);

  public static NetLimits from(WeftConfig c) {
    int max = c.getInt(Options.NET_MAX_CONNECTIONS);
    int streams = c.getInt(Options.NET_HTTP2_MAX_STREAMS);
    if (max < 1) {
      throw new ConfigException(Options.NET_MAX_CONNECTIONS.name() + " must be at least 1");
    }
    if (streams < 1) {
      throw new ConfigException(Options.NET_HTTP2_MAX_STREAMS.name() + " must be at least 1");
    }
    return new NetLimits(max, c.getMicros(Options.NET_HEADER_TIMEOUT) / 1000, c.getMicros(Options.NET_BODY_TIMEOUT) / 1000,
        c.getMicros(Options.NET_IDLE_TIMEOUT) / 1000, streams);
  }
}
