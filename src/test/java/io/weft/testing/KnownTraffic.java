package io.weft.testing;


import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A known workload for span-metrics tests, sent by the real OpenTelemetry SDK over OTLP gRPC, all
 * of it starting inside one minute ({@link #t0}, a minute boundary three minutes ago), with the
 * figures it must produce:
 * <ul>
 * <li>{@code checkout}: 300 server spans {@code GET /cart} lasting 1..300 ms, every tenth failing;
 *     60 server spans {@code POST /pay} lasting 500..559 ms (6 failing), each calling
 *     {@code payment} through a client span {@code call payment} (400 ms) whose server span
 *     {@code charge} lasts 50..109 ms (3 failing);</li>
 * <li>{@code sampled}: 40 server spans {@code GET /}, 10 ms, sampled at 25% ({@code ot=th:c} in
 *     their tracestate): they stand for 160.</li>
 * </ul>
 * Service names carry a random prefix, so runs against a shared store never mix. A trace's spans go
 * to one collector; {@link #send(List)} spreads traces over several.
 */
public final class KnownTraffic {
  public static final int CART = 300;
  public static final int PAY = 60;
  public static final int SAMPLED = 40;
  private static final long MS = 1_000_000L;

  public final String prefix = "k" + UUID.randomUUID().toString().substring(0, 6) + "-";
  public final long t0 = Math.floorDiv(System.currentTimeMillis(), 60_000) * 60_000 - 180_000;

  public String checkout() {
    return prefix + "checkout";
  }

  public String payment() {
    return prefix + "payment";
  }

  public String sampled() {
    return prefix + "sampled";
  }

  /** Epoch ms one minute after {@link #t0}: the end of a query window holding everything. */
  public long t1() {
    return t0 + 60_000;
  }

  /** checkout's server spans: calls, errors, and durations in microseconds, sorted. */
  public static int checkoutServerCalls() {
    return CART + PAY;
  }

  public static int checkoutServerErrors() {
    return CART / 10 + PAY / 10;
  }

  public static long[] checkoutServerMicros() {
    long[] d = new long[CART + PAY];
    for (int i = 0; i < CART; i++) {
      d[i] = (i + 1) * 1000L;
    }
    for (int i = 0; i < PAY; i++) {
      d[CART + i] = (500 + i) * 1000L;
    }
    Arrays.sort(d);
    return d;
  }

  public static long[] cartMicros() {
    long[] d = new long[CART];
    for (int i = 0; i < CART; i++) {
      d[i] = (i + 1) * 1000L;
    }
    return d;
  }

  /** The exact value of rank floor(q (n - 1)) of sorted durations, in ms: what a quantile estimates. */
  public static double quantileMs(long[] sortedMicros, double q) {
    return sortedMicros[(int) Math.floor(q * (sortedMicros.length - 1))] / 1000.0;
  }

  /** Sends everything to one collector ({@code http://127.0.0.1:port} of its OTLP gRPC receiver). */
  public void send(String endpoint) {
    send(List.of(endpoint));
  }

  /** Sends trace i to collector {@code i % endpoints}; returns once every collector acknowledged. */
  public void send(List<String> endpoints) {
    List<SdkTracerProvider> all = new ArrayList<>();
    List<Tracer[]> tracers = new ArrayList<>();
    for (String e : endpoints) {
      SdkTracerProvider c = OtelSdk.provider(e, checkout());
      SdkTracerProvider p = OtelSdk.provider(e, payment());
      SdkTracerProvider s = OtelSdk.provider(e, sampled());
      all.addAll(List.of(c, p, s));
      tracers.add(new Tracer[] {c.get("known"), p.get("known"), s.get("known")});
    }
    long base = t0 * MS;
    for (int i = 0; i < CART; i++) {
      Tracer t = tracers.get(i % endpoints.size())[0];
      long start = base + i * (60_000 * MS / CART);
      Span s = t.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).setNoParent()
          .setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
      if (i % 10 == 0) {
        s.setStatus(StatusCode.ERROR, "cart failed");
      }
      s.end(start + (i + 1) * MS, TimeUnit.NANOSECONDS);
    }
    for (int i = 0; i < PAY; i++) {
      Tracer[] t = tracers.get(i % endpoints.size());
      long start = base + i * (60_000 * MS / PAY) + 7 * MS;
      Span pay = t[0].spanBuilder("POST /pay").setSpanKind(SpanKind.SERVER).setNoParent()
          .setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
      Span call = t[0].spanBuilder("call payment").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(pay))
          .setStartTimestamp(start + MS, TimeUnit.NANOSECONDS).startSpan();
      Span charge = t[1].spanBuilder("charge").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(call))
          .setStartTimestamp(start + 2 * MS, TimeUnit.NANOSECONDS).startSpan();
      if (i % 20 == 0) {
        charge.setStatus(StatusCode.ERROR, "declined");
      }
      charge.end(start + (52 + i) * MS, TimeUnit.NANOSECONDS);
      call.end(start + 401 * MS, TimeUnit.NANOSECONDS);
      if (i % 10 == 3) {
        pay.setStatus(StatusCode.ERROR, "payment failed");
      }
      pay.end(start + (500 + i) * MS, TimeUnit.NANOSECONDS);
    }
    // A remote parent sampled at 25% (OTel threshold c): its children carry the tracestate.
    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.builder().put("ot", "th:c").build());
    for (int i = 0; i < SAMPLED; i++) {
      Tracer t = tracers.get(i % endpoints.size())[2];
      long start = base + i * (60_000 * MS / SAMPLED) + 3 * MS;
      t.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(Span.wrap(remote)))
          .setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan().end(start + 10 * MS, TimeUnit.NANOSECONDS);
    }
    for (SdkTracerProvider p : all) {
      if (!p.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()) {
        throw new IllegalStateException("a collector did not acknowledge the known traffic");
      }
      p.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** {@code n} server spans {@code op} of {@code service}, 5 ms each, spread over the known minute. */
  public void serverSpans(String endpoint, String service, int n) {
    SdkTracerProvider p = OtelSdk.provider(endpoint, service);
    Tracer t = p.get("known");
    for (int i = 0; i < n; i++) {
      long start = t0 * MS + i * (60_000 * MS / n);
      t.spanBuilder("op").setSpanKind(SpanKind.SERVER).setNoParent().setStartTimestamp(start, TimeUnit.NANOSECONDS)
          .startSpan().end(start + 5 * MS, TimeUnit.NANOSECONDS);
    }
    if (!p.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()) {
      throw new IllegalStateException("the collector did not acknowledge");
    }
    p.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** Jaeger's metrics API on {@code queryPort}: {@code service}'s server calls per second over the known minute; -1 for no series. */
  public double callRate(int queryPort, String service) throws Exception {
    JsonArray m = Http.json(queryPort, "/api/metrics/calls?service=" + service + window()).getJsonArray("metrics");
    return m.isEmpty() ? -1 : last(m.getJsonObject(0));
  }

  /** The query parameters of one point over the known minute. */
  public String window() {
    return "&endTs=" + t1() + "&lookback=60000&step=60000&ratePer=60000";
  }

  static double last(JsonObject metric) {
    JsonArray points = metric.getJsonArray("metricPoints");
    Object v = points.getJsonObject(points.size() - 1).getJsonObject("gaugeValue").getValue("doubleValue");
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /**
   * Checks what the node on {@code queryPort} answers for this traffic: checkout's rate, error ratio
   * and p95 (within the sketch's error), payment's rate, the sampled service's weighted rate, and the
   * checkout to payment edge. Throws AssertionError on the first difference.
   */
  public void assertServed(int queryPort) throws Exception {
    check("checkout calls/s", checkoutServerCalls() / 60.0, callRate(queryPort, checkout()), 1e-9);
    check("payment calls/s", PAY / 60.0, callRate(queryPort, payment()), 1e-9);
    check("sampled calls/s (25%)", SAMPLED * 4 / 60.0, callRate(queryPort, sampled()), 1e-9);
    JsonArray errors = Http.json(queryPort, "/api/metrics/errors?service=" + checkout() + window())
        .getJsonArray("metrics");
    check("checkout error ratio", (double) checkoutServerErrors() / checkoutServerCalls(),
        last(errors.getJsonObject(0)), 1e-9);
    JsonArray lat = Http.json(queryPort, "/api/metrics/latencies?quantile=0.95&service=" + checkout() + window())
        .getJsonArray("metrics");
    double exact = quantileMs(checkoutServerMicros(), 0.95);
    check("checkout p95 ms", exact, last(lat.getJsonObject(0)), exact * 0.01);
    JsonArray edges = Http.json(queryPort, "/api/spanmetrics/edges?endTs=" + t1() + "&lookback=60000")
        .getJsonArray("data");
    double edgeCalls = -1;
    for (Object o : edges) {
      JsonObject e = (JsonObject) o;
      if (e.getString("client").equals(checkout()) && e.getString("server").equals(payment())) {
        edgeCalls = e.getDouble("calls");
      }
    }
    check("checkout -> payment calls", PAY, edgeCalls, 1e-9);
  }

  private static void check(String what, double expected, double actual, double tolerance) {
    if (!(Math.abs(expected - actual) <= tolerance)) {
      throw new AssertionError(what + ": expected " + expected + ", got " + actual);
    }
  }
}
