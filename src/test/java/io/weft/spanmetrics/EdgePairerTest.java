package io.weft.spanmetrics;

import static io.weft.spanmetrics.Spans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgePairer} against {@link ReferencePairer}, the one-span-at-a-time pairing it replaced:
 * random calls (client/server and producer/consumer pairs, Zipkin shared ids, roots, clients naming a
 * database or a peer, halves whose partner never comes) cut into random batches, halves of a call in
 * one batch in either order or in different batches, the clock moving past the wait now and then,
 * and limits small enough to push halves out. Same edges in the same order, same counters.
 */
class EdgePairerTest {
  record Edge(EdgeKey key, long startMs, long serverMicros, long clientMicros, boolean failed, double weight) {}

  @Test
  void pairsAsTheOneSpanAtATimePairingDid() {
    for (int seed = 0; seed < 60; seed++) {
      Random rnd = new Random(seed);
      int maxPending = seed % 3 == 0 ? 10_000 : 5 + rnd.nextInt(60);
      List<Edge> got = new ArrayList<>();
      List<Edge> want = new ArrayList<>();
      EdgePairer pairer = new EdgePairer(maxPending, 10_000, (k, s, sv, cl, f, w) -> got.add(new Edge(k, s, sv, cl, f, w)));
      ReferencePairer reference = new ReferencePairer(maxPending, 10_000,
          (k, s, sv, cl, f, w) -> want.add(new Edge(k, s, sv, cl, f, w)));
      List<Span> spans = calls(rnd, 300);
      long now = 1_000_000;
      int edgesBefore = 0;
      for (int from = 0; from < spans.size(); ) {
        int n = 1 + rnd.nextInt(40);
        List<Span> batch = spans.subList(from, Math.min(spans.size(), from + n));
        from += n;
        boolean[] errors = new boolean[batch.size()];
        double[] weights = new double[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
          errors[i] = JaegerTags.isError(batch.get(i));
          weights[i] = 1 + rnd.nextInt(3);
          if (EdgePairer.interesting(batch.get(i))) {
            reference.offer(batch.get(i), errors[i], weights[i], now);
          }
        }
        pairer.offer(batch, errors, weights, now);
        now += rnd.nextInt(10) == 0 ? 10_000 + rnd.nextInt(5000) : rnd.nextInt(300);
        if (rnd.nextInt(5) == 0) { // a drain
          pairer.expire(now);
          reference.expire(now);
        }
        assertEquals(reference.waiting(), pairer.waiting(), "seed " + seed);
      }
      now += 20_000;
      pairer.expire(now);
      reference.expire(now);
      assertEquals(want, got, "seed " + seed);
      assertEquals(reference.unpaired, pairer.unpaired, "seed " + seed);
      assertEquals(reference.dropped, pairer.dropped, "seed " + seed);
      assertEquals(0, pairer.waiting());
      edgesBefore += got.size();
      assertTrue(edgesBefore > 20, "the calls made edges: " + got.size());
      if (maxPending < 30) {
        assertTrue(pairer.dropped > 0, "seed " + seed + ": a small limit pushes halves out");
      }
    }
  }

  /** About {@code count} spans of calls in random order, each span id unique. */
  private static List<Span> calls(Random rnd, int count) {
    List<Span> out = new ArrayList<>();
    long id = 1;
    while (out.size() < count) {
      TraceId t = new TraceId(rnd.nextInt(3), 1 + rnd.nextInt(20)); // few traces: ids meet in one table
      long start = 1000 + rnd.nextInt(100_000);
      String a = "svc-" + rnd.nextInt(4);
      String b = "svc-" + rnd.nextInt(4);
      boolean err = rnd.nextInt(4) == 0;
      long parent = id++;
      long c = id++;
      switch (rnd.nextInt(8)) {
        case 0, 1 -> { // client and its server child
          out.add(span(t, c, parent, a, "call", SpanKind.CLIENT, start, 900, false));
          out.add(span(t, id++, c, b, "handle", SpanKind.SERVER, start + 1, 700, err));
        }
        case 2 -> { // producer and its consumer
          out.add(span(t, c, parent, a, "send", SpanKind.PRODUCER, start, 50, err));
          out.add(span(t, id++, c, b, "receive", SpanKind.CONSUMER, start + 9, 30, false));
        }
        case 3 -> { // Zipkin: client and server share one id, the server's parent is the client's
          out.add(span(t, c, parent, a, "call", SpanKind.CLIENT, start, 800, false));
          out.add(span(t, c, parent, a.equals(b) ? b + "-x" : b, "handle", SpanKind.SERVER, start + 1, 600, err));
        }
        case 4 -> out.add(span(t, c, 0, a, "root", SpanKind.SERVER, start, 5000, err));
        case 5 -> out.add(span(t, c, parent, a, "query", SpanKind.CLIENT, start, 300, err,
            Tag.string("db.system", "postgresql"), Tag.string("db.name", "orders")));
        case 6 -> out.add(span(t, c, parent, a, "call", SpanKind.CLIENT, start, 300, err,
            Tag.string("peer.service", "payments")));
        default -> out.add(rnd.nextBoolean() // a half whose partner this node never sees
            ? span(t, c, parent, a, "call", SpanKind.CLIENT, start, 300, err)
            : span(t, c, id++, b, "handle", SpanKind.SERVER, start, 300, err));
      }
      if (rnd.nextInt(6) == 0) {
        out.add(span(t, id++, c, a, "work", SpanKind.INTERNAL, start, 10, false));
      }
    }
    // Mostly in order, partly shuffled: halves meet in one batch in either order, or in different ones.
    for (int i = 0; i < out.size(); i++) {
      if (rnd.nextInt(3) == 0) {
        Collections.swap(out, i, Math.min(out.size() - 1, i + rnd.nextInt(60)));
      }
    }
    return out;
  }
}
