package io.weft.tracegen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Counts the spans a query API can read back, not the ones a server acknowledged: some servers (the
 * Zipkin server among them) answer before they store, through a queue. Every accepted request leaves a
 * probe (its first trace id and the spans accepted up to it); about once a second the newest readable
 * probe is found by a binary search of {@code GET <url><trace id>}, since a store fills in about the
 * order it was sent. At the end a sample of older probes is read again: those gone were evicted by the
 * store's capacity or lost.
 */
final class StoredSpansCheck {
  /** A readable-or-not trace id standing for every span accepted up to and including its request. */
  private record Probe(long acceptedUpTo, String traceId) {}

  /** What was seen: when the stored count changed (seconds since start, spans). */
  record Observation(double secs, long stored) {}

  record Result(long stored, double secs, List<Observation> timeline, int sampled, int stillReadable) {}

  private final Vertx vertx;
  private final HttpClient client;
  private final String host;
  private final int port;
  private final String path;
  private final long startNanos;
  private final List<Probe> probes = new ArrayList<>();
  private final List<Observation> timeline = new ArrayList<>();
  private int newestReadable = -1;
  private boolean searching;
  private long lastCheckNanos;
  private long giveUpNanos = Long.MAX_VALUE;

  StoredSpansCheck(Vertx vertx, String url, long startNanos) {
    URI u = URI.create(url);
    if (u.getHost() == null || !"http".equals(u.getScheme())) {
      throw new IllegalArgumentException("--stored-url must be an http:// URL ending where the trace id goes, e.g."
          + " http://127.0.0.1:16686/api/traces/ (Weft, Jaeger) or http://127.0.0.1:9411/api/v2/trace/ (Zipkin)");
    }
    this.vertx = vertx;
    this.host = u.getHost();
    this.port = u.getPort() < 0 ? 80 : u.getPort();
    this.path = u.getRawPath();
    this.startNanos = startNanos;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(30));
  }

  /** Called, in order, as requests are accepted. */
  void accepted(long acceptedSoFar, String traceId) {
    probes.add(new Probe(acceptedSoFar, traceId));
  }

  /** Spans readable at the last check. */
  long stored() {
    return newestReadable < 0 ? 0 : probes.get(newestReadable).acceptedUpTo();
  }

  /** Starts a search unless one runs or one ran less than a second ago. */
  void tick() {
    if (!searching && System.nanoTime() - lastCheckNanos >= 1_000_000_000L) {
      searching = true;
      search().onComplete(ar -> {
        searching = false;
        lastCheckNanos = System.nanoTime();
      });
    }
  }

  /** After sending: keeps checking until every accepted span is readable or {@code drainMillis} pass. */
  Future<Result> finish(long drainMillis) {
    Promise<Result> done = Promise.promise();
    long deadline = System.nanoTime() + drainMillis * 1_000_000L;
    giveUpNanos = deadline;
    vertx.setPeriodic(200, id -> {
      boolean caughtUp = newestReadable == probes.size() - 1;
      if (!searching && (caughtUp || System.nanoTime() > deadline)) {
        vertx.cancelTimer(id);
        // caught up: when the last span became readable; else the end of the wait (a slow answer from a
        // struggling server may come later, but the spans were not readable within the wait)
        double secs = caughtUp && !timeline.isEmpty() ? timeline.get(timeline.size() - 1).secs()
            : (Math.min(System.nanoTime(), deadline) - startNanos) / 1e9;
        // a struggling server may answer slowly: the sample gets 15 s, and says how many it checked
        long sampleUntil = System.nanoTime() + 15_000_000_000L;
        int[] checked = new int[1];
        sampleOlder(100, sampleUntil, checked).onComplete(ar -> done.complete(new Result(stored(), secs,
            List.copyOf(timeline), checked[0], ar.succeeded() ? ar.result() : 0)));
      } else {
        tick();
      }
    });
    return done.future().eventually(client::close);
  }

  /** Finds the newest readable probe after the last known one; the newest of all is tried first. */
  private Future<Void> search() {
    int hi = probes.size() - 1;
    if (hi <= newestReadable) {
      return Future.succeededFuture();
    }
    return readable(hi).compose(yes -> {
      if (yes) {
        found(hi);
        return Future.succeededFuture();
      }
      return bisect(newestReadable + 1, hi - 1);
    });
  }

  private Future<Void> bisect(int lo, int hi) {
    if (lo > hi || System.nanoTime() > giveUpNanos) {
      return Future.succeededFuture();
    }
    int mid = (lo + hi) >>> 1;
    return readable(mid).compose(yes -> {
      if (yes) {
        found(mid);
        return bisect(mid + 1, hi);
      }
      return bisect(lo, mid - 1);
    });
  }

  private void found(int index) {
    if (index > newestReadable) {
      newestReadable = index;
      timeline.add(new Observation((System.nanoTime() - startNanos) / 1e9, stored()));
    }
  }

  private Future<Integer> sampleOlder(int n, long untilNanos, int[] checked) {
    int count = Math.min(n, newestReadable + 1);
    SplittableRandom rnd = new SplittableRandom(7);
    Future<Integer> total = Future.succeededFuture(0);
    for (int i = 0; i < count; i++) {
      int index = count == newestReadable + 1 ? i : rnd.nextInt(newestReadable + 1);
      total = total.compose(sum -> {
        if (System.nanoTime() > untilNanos) {
          return Future.succeededFuture(sum);
        }
        checked[0]++;
        return readable(index).map(yes -> yes ? sum + 1 : sum);
      });
    }
    return total;
  }

  /** 200 means readable; 404 (or any other answer, or no answer in 5 s) means not yet. */
  private Future<Boolean> readable(int index) {
    RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
        .setURI(path + probes.get(index).traceId()).setIdleTimeout(5_000);
    return client.request(get)
        .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode() == 200)))
        .otherwise(false);
  }

  /** Stored spans per second in each window of {@code windowSecs} up to {@code end}, from the observations. */
  static List<Double> ratesPerWindow(List<Observation> timeline, double windowSecs, double end) {
    List<Double> rates = new ArrayList<>();
    long previous = 0;
    for (double t = windowSecs; t < end + windowSecs && end > 0; t += windowSecs) {
      long at = 0;
      for (Observation o : timeline) {
        if (o.secs() <= t) {
          at = o.stored();
        }
      }
      rates.add((at - previous) / (Math.min(t, end) - (t - windowSecs)));
      previous = at;
    }
    return rates;
  }
}
