package io.weft.spanmetrics;

import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;

/**
 * Pairs the two halves of a call into a service-graph edge, as Tempo's service-graph processor
 * does: a client (or producer) span and the server (or consumer) span whose parent it is; with
 * Zipkin's shared spans, a server span with the client's own id. A half waits up to {@code waitMs}
 * for its partner, among at most {@code maxPending} waiting halves (the oldest goes first, counted).
 *
 * <p>When a client half times out it still makes an edge if it names its peer: to a database
 * ({@code db.*} tags) or to a virtual node ({@code peer.service}); otherwise it is counted unpaired.
 * A root server span is called by Tempo's virtual "user". Only the halves this node sees can
 * pair: spans of one call reaching different collectors are counted unpaired, as in Tempo when a
 * trace's spans reach different generators.
 *
 * <p>A batch is offered under one lock, its spans in order; the waiting halves sit in
 * {@link HalfTable}s keyed by longs, so offering a span hashes and compares no objects.
 */
final class EdgePairer {
  /** Where edges go; {@code startMs} is the client's start (the server's for a root). */
  interface Sink {
    void edge(EdgeKey key, long startMs, long serverMicros, long clientMicros, boolean failed, double weight);
  }

  private final int maxPending;
  private final long waitMs;
  private final Sink sink;
  /** Client halves by their own id, in arrival order. */
  private final HalfTable clients = new HalfTable(false, true);
  /** Server halves by their parent id, in arrival order. */
  private final HalfTable servers = new HalfTable(true, true);
  /** The same server halves by their own id: a Zipkin client sharing a server's id finds it here. */
  private final HalfTable serversById = new HalfTable(false, false);
  long unpaired;
  long dropped;

  EdgePairer(int maxPending, long waitMs, Sink sink) {
    this.maxPending = maxPending;
    this.waitMs = waitMs;
    this.sink = sink;
  }

  static boolean interesting(Span s) {
    return switch (s.kind()) {
      case CLIENT, PRODUCER, SERVER, CONSUMER -> true;
      default -> false;
    };
  }

  /**
   * Offers the batch's client and server spans, in order; {@code errors[i]} is {@link JaegerTags#isError}
   * of span i and {@code weights[i]} its adjusted count, which the caller knows already.
   */
  synchronized void offer(List<Span> batch, boolean[] errors, double[] weights, long nowMs) {
    for (int i = 0; i < batch.size(); i++) {
      Span s = batch.get(i);
      if (interesting(s)) {
        expire(nowMs);
        offer(s, errors[i], weights[i], nowMs);
      }
    }
  }

  private void offer(Span s, boolean error, double weight, long nowMs) {
    TraceId t = s.traceId();
    long high = t == null ? 0 : t.high();
    long low = t == null ? 0 : t.low();
    long id = s.spanId();
    String service = s.serviceName() == null ? "" : s.serviceName();
    long startMs = s.startTimeMicros() / 1000;
    if (s.kind() == SpanKind.CLIENT || s.kind() == SpanKind.PRODUCER) {
      Half c = new Half(high, low, id, 0, service, s.kind(), startMs, s.durationMicros(), error, weight, nowMs);
      Half srv = servers.remove(high, low, id);
      if (srv == null) {
        Half shared = serversById.get(high, low, id); // a Zipkin server half sharing this id
        srv = shared == null ? null : servers.remove(high, low, shared.parentId);
      }
      if (srv != null) {
        serversById.removeExactly(srv);
        pair(c, srv);
      } else {
        namePeer(c, s.tags());
        put(clients, c);
      }
      return;
    }
    long parent = s.parentSpanId();
    if (parent == 0) {
      sink.edge(new EdgeKey(EdgeKey.USER, service, EdgeKey.VIRTUAL), startMs, s.durationMicros(), s.durationMicros(),
          error, weight);
      return;
    }
    Half srv = new Half(high, low, id, parent, service, s.kind(), startMs, s.durationMicros(), error, weight, nowMs);
    Half c = clients.remove(high, low, parent);
    if (c == null) {
      Half shared = clients.get(high, low, id);
      if (shared != null && !shared.service.equals(service)) {
        c = clients.remove(high, low, id);
      }
    }
    if (c != null) {
      pair(c, srv);
    } else {
      Half replaced = put(servers, srv);
      if (replaced != null) {
        serversById.removeExactly(replaced);
      }
      serversById.put(srv);
    }
  }

  /** Tempo's naming of a client's peer: peer.service; for a database, server.address, then its name or system. */
  private static void namePeer(Half c, List<Tag> tags) {
    String peerService = null;
    String address = null;
    String dbName = null;
    String dbSystem = null;
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      String key = t.key();
      // Only keys starting with p, s, n or d can matter: skip the rest without hashing them.
      char first = key.isEmpty() ? ' ' : key.charAt(0);
      if (first != 'p' && first != 's' && first != 'n' && first != 'd') {
        continue;
      }
      switch (key) {
        case "peer.service" -> peerService = t.valueAsString();
        case "server.address", "net.peer.name" -> address = t.valueAsString();
        case "db.namespace" -> dbName = t.valueAsString();
        case "db.name" -> dbName = dbName == null ? t.valueAsString() : dbName;
        case "db.system", "db.system.name" -> dbSystem = t.valueAsString();
        default -> { }
      }
    }
    boolean db = dbName != null || dbSystem != null;
    c.peer = peerService != null ? peerService
        : !db ? null : address != null ? address : dbName != null ? dbName : dbSystem;
    c.database = db;
  }

  private void pair(Half c, Half srv) {
    String type = c.kind == SpanKind.PRODUCER || srv.kind == SpanKind.CONSUMER ? EdgeKey.MESSAGING : EdgeKey.DIRECT;
    sink.edge(new EdgeKey(c.service, srv.service, type), c.startMs, srv.durationMicros, c.durationMicros,
        c.error || srv.error, c.weight > 0 ? c.weight : srv.weight);
  }

  /** Puts a half in its table, first pushing out the eldest waiting half when {@code maxPending} wait. */
  private Half put(HalfTable table, Half h) {
    if (clients.size() + servers.size() >= maxPending) {
      Half eldest = clients.eldest();
      Half server = servers.eldest();
      if (eldest == null || server != null && server.arrivedMs < eldest.arrivedMs) {
        eldest = server;
      }
      if (eldest == null) {
        return table.put(h); // maxPending 0: nothing to push out
      }
      if (eldest.isClient()) {
        clients.removeExactly(eldest);
      } else {
        servers.removeExactly(eldest);
        serversById.removeExactly(eldest);
      }
      dropped++;
    }
    return table.put(h);
  }

  /** Times out the halves that waited {@code waitMs}: clients that name a peer make a virtual edge. */
  synchronized void expire(long nowMs) {
    for (Half c = clients.eldest(); c != null && nowMs - c.arrivedMs >= waitMs; c = clients.eldest()) {
      clients.removeExactly(c);
      if (c.peer != null && !c.peer.isEmpty()) {
        sink.edge(new EdgeKey(c.service, c.peer, c.database ? EdgeKey.DATABASE : EdgeKey.VIRTUAL), c.startMs,
            c.durationMicros, c.durationMicros, c.error, c.weight);
      } else {
        unpaired++;
      }
    }
    for (Half srv = servers.eldest(); srv != null && nowMs - srv.arrivedMs >= waitMs; srv = servers.eldest()) {
      servers.removeExactly(srv);
      serversById.removeExactly(srv);
      unpaired++;
    }
  }

  synchronized int waiting() {
    return clients.size() + servers.size();
  }
}
