package io.weft.tracegen;

import io.weft.config.Durations;
import io.weft.config.WeftConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** tracegen's flags, with defaults. */
record TraceGenSettings(String protocol, String endpoint, long rate, long durationMicros, long spans, int batch,
    int concurrency, int services, int depth, int fanout, int spansPerTrace, int tags, int events, double errorRate,
    int payloadBytes, String storedUrl, long drainMicros, int operations, long backfillMicros, String token,
    String tlsCa, String tlsEngine) {

  static final Map<String, String[]> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("protocol", new String[] {"otlp-grpc", "otlp-grpc, otlp-http, zipkin-json or jaeger-udp (thrift compact emitBatch datagrams to an agent)"});
    FLAGS.put("endpoint", new String[] {"", "host:port (default 127.0.0.1 and the protocol's Weft port)"});
    FLAGS.put("rate", new String[] {"0", "spans per second, kept at any rate (a request then holds at most 0.1 s of"
        + " spans); 0 sends flat out"});
    FLAGS.put("duration", new String[] {"10s", "how long to send (e.g. 30s, 5m)"});
    FLAGS.put("spans", new String[] {"0", "send exactly this many spans and stop (the last trace may be smaller; 0: no"
        + " limit)"});
    FLAGS.put("batch", new String[] {"512", "most spans per request (per datagram with jaeger-udp: use a few, e.g. 10);"
        + " a request holds whole traces, and a trace larger than this goes in parts over several requests"});
    FLAGS.put("concurrency", new String[] {"8", "requests in flight at once"});
    FLAGS.put("services", new String[] {"6", "distinct services"});
    FLAGS.put("depth", new String[] {"4", "depth of each trace tree"});
    FLAGS.put("fanout", new String[] {"3", "children per span"});
    FLAGS.put("spans-per-trace", new String[] {"8", "spans in each trace"});
    FLAGS.put("tags", new String[] {"5", "string tags per span"});
    FLAGS.put("events", new String[] {"0", "events (logs) per span"});
    FLAGS.put("error-rate", new String[] {"0.01", "fraction of spans marked as errors"});
    FLAGS.put("payload-bytes", new String[] {"0", "extra bytes added to each tag value"});
    FLAGS.put("stored-url", new String[] {"", "count spans a query API can read back: GET <url><trace id>, e.g."
        + " http://127.0.0.1:16686/api/traces/ (Weft, Jaeger) or http://127.0.0.1:9411/api/v2/trace/ (Zipkin)"});
    FLAGS.put("operations", new String[] {"0", "distinct span names per service, op-0 to op-N-1 drawn at random (every one"
        + " sent); 0: eight fixed names (GET /api/orders, ...)"});
    FLAGS.put("backfill", new String[] {"0s", "spread span start times evenly over this much of the past (e.g. 1h), for"
        + " metrics over time: one body template per 15 s of it, each sent many times"});
    FLAGS.put("drain", new String[] {"60s", "with --stored-url: how long to wait after sending for the rest to be readable"});
    FLAGS.put("token", new String[] {"", "bearer token sent with every request (authorization header or gRPC metadata)"});
    FLAGS.put("tls-ca", new String[] {"", "PEM CA certificates: send over TLS (otlp-grpc, otlp-http, zipkin-json), "
        + "trusting these"});
    FLAGS.put("tls-engine", new String[] {"auto", "TLS implementation: auto (BoringSSL where it loads, else the JDK's), "
        + "openssl or jdk"});
  }

  static TraceGenSettings parse(java.util.List<String> args) {
    Map<String, String> v = new LinkedHashMap<>();
    FLAGS.forEach((k, d) -> v.put(k, d[0]));
    for (Map.Entry<String, String> e : WeftConfig.parseFlags(args).entrySet()) {
      if (!v.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown tracegen option --" + e.getKey() + " (see tracegen --help)");
      }
      v.put(e.getKey(), e.getValue());
    }
    String protocol = v.get("protocol");
    if (!v.get("stored-url").isEmpty() && protocol.equals("jaeger-udp")) {
      throw new IllegalArgumentException("--stored-url needs full trace ids; jaeger-udp sends only their low half");
    }
    String endpoint = v.get("endpoint");
    if (endpoint.isEmpty()) {
      endpoint = "127.0.0.1:" + switch (protocol) {
        case "otlp-grpc" -> "4317";
        case "otlp-http" -> "4318";
        case "zipkin-json" -> "9411";
        case "jaeger-udp" -> "6831";
        default -> throw new IllegalArgumentException("unknown protocol " + protocol);
      };
    }
    return new TraceGenSettings(protocol, endpoint, number(v, "rate", 0, 1_000_000_000L),
        Durations.parseMicros(v.get("duration")), number(v, "spans", 0, Long.MAX_VALUE),
        (int) number(v, "batch", 1, Integer.MAX_VALUE), (int) number(v, "concurrency", 1, Integer.MAX_VALUE),
        (int) number(v, "services", 1, Integer.MAX_VALUE), Integer.parseInt(v.get("depth")),
        Integer.parseInt(v.get("fanout")), (int) number(v, "spans-per-trace", 1, Integer.MAX_VALUE),
        Integer.parseInt(v.get("tags")), Integer.parseInt(v.get("events")), Double.parseDouble(v.get("error-rate")),
        Integer.parseInt(v.get("payload-bytes")), v.get("stored-url"), Durations.parseMicros(v.get("drain")),
        (int) number(v, "operations", 0, 1_000_000), Durations.parseMicros(v.get("backfill")),
        v.get("token"), v.get("tls-ca"), v.get("tls-engine"));
  }

  private static long number(Map<String, String> v, String flag, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v.get(flag).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + flag + " must be a whole number, got '" + v.get(flag) + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("--" + flag + " must be " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  static String help() {
    StringBuilder sb = new StringBuilder("Usage: weft tracegen [--name=value ...]\n\n");
    FLAGS.forEach((k, d) -> sb.append(String.format("  --%-24s %s%n", k + "=" + d[0], d[1])));
    return sb.toString();
  }

  /**
   * Body templates of the run's first request shape: 16, or one per 15 s of the backfill, or with
   * {@code --operations} enough for about 8 spans of every service's every name; at most 5,760.
   */
  int variants() {
    long forNames = (long) operations * services * 8 / batch;
    return (int) Math.min(5760, Math.max(16, Math.max(backfillMicros / 15_000_000, forNames)));
  }

  String host() {
    return endpoint.substring(0, endpoint.lastIndexOf(':'));
  }

  int port() {
    return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
  }
}
