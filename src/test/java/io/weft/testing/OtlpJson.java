package io.weft.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** OTLP/HTTP JSON request bodies with ids the test chooses, for tests that count spans by id. */
public final class OtlpJson {
  private OtlpJson() {}

  /** 32 hex digits: a trace id made from a run tag and a sequence number. */
  public static String traceId(long run, long n) {
    return String.format(Locale.ROOT, "%016x%016x", run, n);
  }

  /** 16 hex digits: span {@code i} of trace {@code n}. */
  public static String spanId(long n, int i) {
    return String.format(Locale.ROOT, "%012x%04x", n, i + 1);
  }

  /** One trace of {@code spans} spans (the first the root, the others its children), starting a second ago. */
  public static byte[] trace(String service, String traceId, long n, int spans) {
    return trace(service, traceId, n, spans, System.currentTimeMillis() * 1_000_000L - 1_000_000_000L);
  }

  /** One trace of {@code spans} spans starting at {@code start} (epoch nanoseconds). */
  public static byte[] trace(String service, String traceId, long n, int spans, long start) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < spans; i++) {
      out.add("""
          {"traceId":"%s","spanId":"%s",%s"name":"op-%d","kind":%d,"startTimeUnixNano":"%d","endTimeUnixNano":"%d"}"""
          .formatted(traceId, spanId(n, i), i == 0 ? "" : "\"parentSpanId\":\"" + spanId(n, 0) + "\",", i,
              i == 0 ? 2 : 3, start + i * 1000L, start + 1_000_000L));
    }
    return """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
          "scopeSpans":[{"spans":[%s]}]}]}""".formatted(service, String.join(",", out)).getBytes(StandardCharsets.UTF_8);
  }
}
