package io.weft.query.zipkin;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.time.Duration;

/**
 * The spans both servers get: Zipkin JSON v2 posted as is to each, and spans of the OpenTelemetry
 * SDK exported twice, over OTLP to Weft and by OpenTelemetry's Zipkin exporter to Zipkin. Names
 * are mixed case on purpose; times are whole microseconds (see docs/zipkin-api.md on rounding).
 */
final class ZipkinData {
  static final String T1 = "463ac35c9f6413ad48485a3953bb6124";
  /** 64-bit, sent short: Zipkin pads it to 0000000000000abc. */
  static final String T2 = "abc";
  static final String T3 = "5af7183fb1d4cf5f5af7183fb1d4cf5f";
  /** 64-bit, with the low half of T1: Zipkin's strict trace id keeps them apart. */
  static final String T4 = "48485a3953bb6124";

  final long now = System.currentTimeMillis() * 1000;
  final long base = now - 60_000_000;
  final long old = now - 2L * 3600 * 1_000_000;
  String otlpTrace;

  String zipkinJson() {
    return """
        [{"traceId":"%1$s","id":"a2fb4a1d1a96d312","name":"GET /Checkout","kind":"SERVER","timestamp":%5$d,"duration":20000,
          "localEndpoint":{"serviceName":"Checkout-API","ipv4":"10.0.0.1","port":8080},
          "remoteEndpoint":{"ipv4":"10.0.0.9","port":5555},
          "tags":{"http.method":"GET","env":"prod","http.path":"/checkout"},
          "annotations":[{"timestamp":%6$d,"value":"Wire Send"}]},
         {"traceId":"%1$s","parentId":"a2fb4a1d1a96d312","id":"b2fb4a1d1a96d312","name":"Charge","kind":"CLIENT",
          "timestamp":%7$d,"duration":15000,"localEndpoint":{"serviceName":"Checkout-API"},
          "remoteEndpoint":{"serviceName":"Payment"},"tags":{"error":"card declined","http.method":"POST"}},
         {"traceId":"%1$s","parentId":"a2fb4a1d1a96d312","id":"b2fb4a1d1a96d312","name":"Charge","kind":"SERVER",
          "shared":true,"timestamp":%8$d,"duration":14000,"localEndpoint":{"serviceName":"payment","ipv4":"10.0.0.2"},
          "tags":{"env":"prod"},"annotations":[{"timestamp":%9$d,"value":"{\\"retry\\":\\"1\\"}"}]},
         {"traceId":"%1$s","parentId":"a2fb4a1d1a96d312","id":"c2fb4a1d1a96d312","name":"Render","timestamp":%10$d,
          "duration":3000,"localEndpoint":{"serviceName":"Checkout-API"},"tags":{"lc":"template"},"debug":true},
         {"traceId":"%2$s","id":"0000000000000001","name":"GET /stock","kind":"SERVER","timestamp":%11$d,"duration":500,
          "localEndpoint":{"serviceName":"inventory","ipv6":"2001:db8::5"},"tags":{"http.method":"GET","env":"staging"}},
         {"traceId":"%2$s","parentId":"0000000000000001","id":"0000000000000002","name":"select","kind":"CLIENT",
          "timestamp":%12$d,"duration":300,"localEndpoint":{"serviceName":"inventory"},
          "remoteEndpoint":{"serviceName":"Postgres","ipv4":"10.0.0.7","port":5432}},
         {"traceId":"%3$s","id":"00000000000000aa","name":"GET /Checkout","kind":"SERVER","timestamp":%13$d,"duration":1000,
          "localEndpoint":{"serviceName":"Checkout-API"}},
         {"traceId":"%4$s","id":"00000000000000bb","name":"x","timestamp":%14$d,"duration":3,
          "localEndpoint":{"serviceName":"other"}}]
        """.formatted(T1, T2, T3, T4, base, base + 5, base + 100, base + 200, base + 300, base + 16_000,
        base + 1_000, base + 1_100, old, base + 2_000);
  }

  /**
   * The SDK's spans, twice with the same ids: over OTLP to Weft, and through OpenTelemetry's Zipkin
   * exporter to Zipkin (that exporter runs on an older SDK, in a class loader of its own).
   */
  void sendOtlp(int weftOtlpGrpc, String zipkinSpansUrl) throws Exception {
    otlpTrace = OtelShopTraffic.emit(OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + weftOtlpGrpc)
        .setTimeout(Duration.ofSeconds(30)).build(), base + 3_000);
    String viaZipkin = OldOtelSdk.zipkinExport(zipkinSpansUrl, base + 3_000);
    if (!viaZipkin.equals(otlpTrace)) {
      throw new AssertionError("the two SDK runs made different trace ids: " + otlpTrace + ", " + viaZipkin);
    }
  }
}
