package io.weft.tracegen;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code weft tracegen}: a load generator of multi-service traces over OTLP gRPC, OTLP HTTP, Zipkin
 * JSON or Jaeger agent UDP, at a fixed rate or flat out, with a progress line each second and a summary.
 */
public final class TraceGen {
  private final TraceGenSettings s;
  private final Vertx vertx;
  private final TraceSender sender;
  private final RequestPlan plan;
  private final RequestBodies bodies;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final long[] latencies = new long[1 << 20];
  private int latencyCount;
  private int inFlight;
  private long inFlightSpans;
  private Pacer pacer;
  private long startNanos;
  private String lastError = "";
  private StoredSpansCheck storedCheck;

  private final PrintStream out;

  private TraceGen(TraceGenSettings s, PrintStream out) {
    this.s = s;
    this.out = out;
    this.vertx = Vertx.vertx();
    this.sender = TraceSender.create(vertx, s);
    this.plan = new RequestPlan(s.batch(), s.spansPerTrace(), s.spans(), s.rate());
    this.bodies = new RequestBodies(new TracePayloads(s, 42), new SplittableRandom());
    if (plan.peek() != null) {
      bodies.prepare(plan.peek());
    }
  }

  /** Runs tracegen; returns the process exit status (0 when every span was accepted). */
  public static int run(List<String> args) {
    return run(args, System.out);
  }

  /** Runs tracegen, printing progress and the summary to {@code out}. */
  public static int run(List<String> args, PrintStream out) {
    if (args.contains("--help")) {
      out.print(TraceGenSettings.help());
      return 0;
    }
    TraceGenSettings s;
    try {
      s = TraceGenSettings.parse(args);
    } catch (RuntimeException e) {
      System.err.println("tracegen: " + e.getMessage());
      return 2;
    }
    return new TraceGen(s, out).go();
  }

  private int go() {
    Promise<Void> done = Promise.promise();
    startNanos = System.nanoTime();
    if (s.rate() > 0) {
      pacer = Pacer.forRequests(s.rate(), plan.largestRequest(), startNanos);
    }
    if (!s.storedUrl().isEmpty()) {
      storedCheck = new StoredSpansCheck(vertx, s.storedUrl(), startNanos);
    }
    vertx.runOnContext(v -> {
      long tickMs = 5;
      vertx.setPeriodic(tickMs, id -> {
        if (finished()) {
          boolean givingUp = (System.nanoTime() - startNanos) / 1000 > s.durationMicros() + 60_000_000L;
          if (inFlight == 0 || givingUp) {
            if (inFlight > 0) {
              failed.addAndGet(inFlightSpans);
              lastError = inFlight + " requests unanswered 60 s after the end";
            }
            vertx.cancelTimer(id);
            done.tryComplete();
          }
          return;
        }
        if (storedCheck != null) {
          storedCheck.tick();
        }
        pump();
      });
      vertx.setPeriodic(1000, id -> progress());
    });
    try {
      done.future().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      System.err.println("tracegen: " + e);
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    StoredSpansCheck.Result stored = null;
    if (storedCheck != null) {
      out.printf("tracegen: sending done in %.1fs; waiting up to %ds for the rest to be readable%n", secs,
          s.drainMicros() / 1_000_000);
      try {
        stored = storedCheck.finish(s.drainMicros() / 1000).toCompletionStage().toCompletableFuture().get();
      } catch (Exception e) {
        System.err.println("tracegen: stored check failed: " + e);
      }
    }
    summary(secs, stored);
    sender.close();
    vertx.close();
    return failed.get() == 0 && rejected.get() == 0 ? 0 : 1;
  }

  private boolean finished() {
    long elapsedMicros = (System.nanoTime() - startNanos) / 1000;
    return elapsedMicros >= s.durationMicros() || plan.done();
  }

  private void pump() {
    while (inFlight < s.concurrency() && !finished()) {
      RequestPlan.Request r = plan.peek();
      if (pacer != null && !pacer.tryTake(r.spans(), System.nanoTime())) {
        return;
      }
      plan.take();
      sent.addAndGet(r.spans());
      byte[] firstId = new byte[16];
      byte[] body = bodies.body(r, firstId);
      // a trace in parts is readable as a whole only once its last part is in: only that part leaves a probe
      send(body, r.spans(), r.lastPart() ? firstId : null, 0);
    }
  }

  /** {@code probeId}: the trace id the stored check may look up once this request is accepted, or null. */
  private void send(byte[] body, int spans, byte[] probeId, int attempt) {
    inFlight++;
    inFlightSpans += spans;
    long t0 = System.nanoTime();
    sender.send(body).onComplete(ar -> {
      inFlight--;
      inFlightSpans -= spans;
      TraceSender.Outcome o = ar.result();
      if (latencyCount < latencies.length) {
        latencies[latencyCount++] = System.nanoTime() - t0;
      }
      if (o.ok()) {
        accepted.addAndGet(spans - o.rejected());
        rejected.addAndGet(o.rejected());
        if (storedCheck != null && probeId != null) {
          storedCheck.accepted(accepted.get(), TraceIdFormat.hex(probeId));
        }
      } else if (o.retry() && attempt < 5) {
        retried.addAndGet(spans);
        lastError = o.error();
        vertx.setTimer(50L << attempt, id -> send(body, spans, probeId, attempt + 1));
        return;
      } else {
        failed.addAndGet(spans);
        lastError = o.error();
      }
      pump();
    });
  }

  private void progress() {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    String stored = storedCheck == null ? ""
        : String.format(" stored %,d (%,.0f spans/s)", storedCheck.stored(), storedCheck.stored() / secs);
    out.printf("tracegen %5.1fs: sent %,d accepted %,d (%,.0f spans/s)%s rejected %,d retried %,d failed %,d%s%n",
        secs, sent.get(), accepted.get(), accepted.get() / secs, stored, rejected.get(), retried.get(), failed.get(),
        lastError.isEmpty() ? "" : " last error: " + abbreviate(lastError));
  }

  private void summary(double secs, StoredSpansCheck.Result stored) {
    long[] lat = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(lat);
    out.printf("tracegen summary: protocol %s endpoint %s batch %d concurrency %d%n", s.protocol(), s.endpoint(),
        s.batch(), s.concurrency());
    out.printf("  sent %,d  accepted %,d  rejected %,d  retried %,d  failed %,d  in %.1fs%n", sent.get(),
        accepted.get(), rejected.get(), retried.get(), failed.get(), secs);
    out.printf("  throughput %,.0f spans/s accepted%n", accepted.get() / secs);
    if (pacer != null && pacer.behind() > 0) {
      out.printf("  rate not kept: %,d spans fell behind (requests in flight stayed at --concurrency=%d, or the"
          + " generator stalled); raise --concurrency or lower --rate%n", pacer.behind(), s.concurrency());
    }
    if (lat.length > 0) {
      out.printf("  request latency p50 %.2f ms  p99 %.2f ms  max %.2f ms (%d requests)%n",
          lat[lat.length / 2] / 1e6, lat[(int) Math.min(lat.length - 1, lat.length * 0.99)] / 1e6,
          lat[lat.length - 1] / 1e6, lat.length);
    }
    if (!lastError.isEmpty()) {
      out.println("  last error: " + abbreviate(lastError));
    }
    if (stored != null) {
      out.printf("  stored %,d spans readable through %s by %.1fs: %,.0f spans/s stored%n", stored.stored(),
          s.storedUrl(), stored.secs(), stored.secs() > 0 ? stored.stored() / stored.secs() : 0.0);
      StringBuilder windows = new StringBuilder();
      for (double r : StoredSpansCheck.ratesPerWindow(stored.timeline(), 30, stored.secs())) {
        windows.append(String.format(" %,.0f", r));
      }
      out.println("  stored spans/s per 30 s:" + windows);
      out.printf("  older traces still readable at the end: %d of %d sampled%n", stored.stillReadable(),
          stored.sampled());
    }
    if (s.protocol().equals("jaeger-udp")) {
      out.println("  (UDP: \"accepted\" means sent; compare with the agent's weft_agent_spans_received_total and"
          + " the collector's weft_spans_written_total for loss)");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
