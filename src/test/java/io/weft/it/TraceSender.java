package io.weft.it;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanReader;
import io.weft.storage.StorageUnavailableException;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service sending traces to a collector (OTLP/HTTP JSON, one trace per request) on a thread of
 * its own until stopped, keeping the ids of every trace the collector acknowledged (200) so a
 * test can check each one reached storage. 503 answers are counted and the trace dropped (a real
 * SDK would retry it; this sender tells acknowledged from refused exactly instead).
 */
public final class TraceSender implements AutoCloseable {
  private final TestNode collector;
  private final String service;
  private final int spans;
  private final long run = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
  private final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, Long> sequence = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stop;

  private TraceSender(TestNode collector, String service, int spans, long pauseMillis) {
    this.collector = collector;
    this.service = service;
    this.spans = spans;
    thread = new Thread(() -> loop(pauseMillis), "trace-sender-" + service);
  }

  /** Sends a trace of {@code spans} spans every {@code pauseMillis} (plus the request's own time). */
  public static TraceSender start(TestNode collector, String service, int spans, long pauseMillis) {
    TraceSender s = new TraceSender(collector, service, spans, pauseMillis);
    s.thread.start();
    return s;
  }

  private void loop(long pauseMillis) {
    long n = 0;
    while (!stop) {
      n++;
      String id = OtlpJson.traceId(run, n);
      try {
        HttpResponse<String> r = collector.post(collector.otlpHttp, "/v1/traces", "application/json",
            OtlpJson.trace(service, id, n, spans));
        if (r.statusCode() == 200) {
          sequence.put(id, n);
          acked.add(id);
        } else if (r.statusCode() == 503 && "1".equals(r.headers().firstValue("retry-after").orElse(null))) {
          unavailable.incrementAndGet();
        } else {
          throw new AssertionError("unexpected " + r.statusCode() + ": " + r.body());
        }
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      } catch (Throwable e) {
        errors.add(e);
        return;
      }
    }
  }

  public int acknowledged() {
    return acked.size();
  }

  public int unavailable() {
    return unavailable.get();
  }

  /** The span ids of an acknowledged trace. */
  public Set<Long> spanIds(String traceId) {
    long n = sequence.get(traceId);
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < spans; i++) {
      ids.add(Long.parseUnsignedLong(OtlpJson.spanId(n, i), 16));
    }
    return ids;
  }

  /**
   * Waits until every acknowledged trace is in the store with exactly its span ids; fails naming
   * the first missing one. Traces found complete are not read again. A store still coming back from
   * an outage (a retryable read failure) is read again on the next round, until the time is up.
   */
  public void awaitStored(SpanReader store, int seconds) throws InterruptedException {
    Set<String> missing = new LinkedHashSet<>(acked);
    long[] lastNote = {System.nanoTime()};
    Wait.until("all " + acked.size() + " acknowledged traces stored", seconds, () -> {
      for (Iterator<String> it = missing.iterator(); it.hasNext(); ) {
        String id = it.next();
        List<Span> spans = Wait.await(store.getTrace(TraceId.fromHex(id)).recover(e ->
            e instanceof StorageUnavailableException ? Future.succeededFuture(null) : Future.failedFuture(e)));
        if (spans == null) {
          break;
        }
        Set<Long> got = new HashSet<>();
        spans.forEach(sp -> got.add(sp.spanId()));
        if (got.equals(spanIds(id))) {
          it.remove();
        }
      }
      if (!missing.isEmpty() && System.nanoTime() - lastNote[0] > 5_000_000_000L) {
        lastNote[0] = System.nanoTime();
        System.out.printf("%d of %d acknowledged traces not stored yet (e.g. %s)%n", missing.size(), acked.size(),
            missing.iterator().next());
      }
      return missing.isEmpty();
    });
  }

  public int spansPerTrace() {
    return spans;
  }

  public List<Throwable> errors() {
    return new ArrayList<>(errors);
  }

  public void stop() throws InterruptedException {
    stop = true;
    thread.join(30_000);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
