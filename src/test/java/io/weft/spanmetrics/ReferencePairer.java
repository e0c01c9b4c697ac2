package io.weft.spanmetrics;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service-graph pairing as it was before {@link EdgePairer} took batches and long-keyed tables
 * (one span at a time, HashMaps of record keys): the oracle of {@link EdgePairerTest}.
 */
final class ReferencePairer {
  /** Where edges go; {@code startMs} is the client's start (the server's for a root). */
  private record HalfKey(TraceId trace, long spanId) {}

  private record Half(String service, SpanKind kind, long startMs, long durationMicros, boolean error, double weight,
      long arrivedMs, String peer, boolean database, HalfKey byId) {}

  private final int maxPending;
  private final long waitMs;
  private final EdgePairer.Sink sink;
  private final LinkedHashMap<HalfKey, Half> clients = new LinkedHashMap<>();
  /** Server halves by their parent id; Zipkin shared halves are found through {@link Half#byId}. */
  private final LinkedHashMap<HalfKey, Half> servers = new LinkedHashMap<>();
  private final Map<HalfKey, HalfKey> serverParentById = new java.util.HashMap<>();
  long unpaired;
  long dropped;

  ReferencePairer(int maxPending, long waitMs, EdgePairer.Sink sink) {
    this.maxPending = maxPending;
    this.waitMs = waitMs;
    this.sink = sink;
  }

  synchronized void offer(Span s, boolean error, double weight, long nowMs) {
    expire(nowMs);
    long startMs = s.startTimeMicros() / 1000;
    String service = s.serviceName() == null ? "" : s.serviceName();
    HalfKey own = new HalfKey(s.traceId(), s.spanId());
    if (s.kind() == SpanKind.CLIENT || s.kind() == SpanKind.PRODUCER) {
      Half c = clientHalf(s, service, startMs, error, weight, nowMs);
      Half srv = servers.remove(own);
      if (srv == null) {
        HalfKey parentKey = serverParentById.get(own); // a Zipkin server half sharing this id
        srv = parentKey == null ? null : servers.remove(parentKey);
      }
      if (srv != null) {
        serverParentById.remove(srv.byId);
        pair(c, srv);
      } else {
        put(clients, own, c);
      }
      return;
    }
    Half srv = new Half(service, s.kind(), startMs, s.durationMicros(), error, weight, nowMs, null, false, own);
    long parent = s.parentSpanId();
    if (parent == 0) {
      sink.edge(new EdgeKey(EdgeKey.USER, service, EdgeKey.VIRTUAL), startMs, s.durationMicros(), s.durationMicros(),
          error, weight);
      return;
    }
    Half c = clients.remove(new HalfKey(s.traceId(), parent));
    if (c == null) {
      Half shared = clients.get(own);
      if (shared != null && !shared.service.equals(service)) {
        c = clients.remove(own);
      }
    }
    if (c != null) {
      pair(c, srv);
    } else {
      HalfKey parentKey = new HalfKey(s.traceId(), parent);
      put(servers, parentKey, srv);
      serverParentById.put(own, parentKey);
    }
  }

  private static Half clientHalf(Span s, String service, long startMs, boolean error, double weight, long nowMs) {
    String peerService = null;
    String address = null;
    String dbName = null;
    String dbSystem = null;
    for (Tag t : s.tags()) {
      switch (t.key()) {
        case "peer.service" -> peerService = t.valueAsString();
        case "server.address", "net.peer.name" -> address = t.valueAsString();
        case "db.namespace" -> dbName = t.valueAsString();
        case "db.name" -> dbName = dbName == null ? t.valueAsString() : dbName;
        case "db.system", "db.system.name" -> dbSystem = t.valueAsString();
        default -> { }
      }
    }
    // Tempo's naming of a database node: peer.service, server.address, then the database's name.
    boolean db = dbName != null || dbSystem != null;
    String peer = peerService != null ? peerService
        : !db ? null : address != null ? address : dbName != null ? dbName : dbSystem;
    return new Half(service, s.kind(), startMs, s.durationMicros(), error, weight, nowMs, peer, db, null);
  }

  private void pair(Half c, Half srv) {
    String type = c.kind == SpanKind.PRODUCER || srv.kind == SpanKind.CONSUMER ? EdgeKey.MESSAGING : EdgeKey.DIRECT;
    sink.edge(new EdgeKey(c.service, srv.service, type), c.startMs, srv.durationMicros, c.durationMicros,
        c.error || srv.error, c.weight > 0 ? c.weight : srv.weight);
  }

  private void put(LinkedHashMap<HalfKey, Half> map, HalfKey key, Half h) {
    if (clients.size() + servers.size() >= maxPending) {
      LinkedHashMap<HalfKey, Half> from = oldestOf();
      Iterator<Map.Entry<HalfKey, Half>> it = from.entrySet().iterator();
      Map.Entry<HalfKey, Half> eldest = it.next();
      it.remove();
      if (eldest.getValue().byId != null) {
        serverParentById.remove(eldest.getValue().byId);
      }
      dropped++;
    }
    map.put(key, h);
  }

  private LinkedHashMap<HalfKey, Half> oldestOf() {
    if (clients.isEmpty()) {
      return servers;
    }
    if (servers.isEmpty()) {
      return clients;
    }
    return clients.values().iterator().next().arrivedMs <= servers.values().iterator().next().arrivedMs
        ? clients : servers;
  }

  /** Times out the halves that waited {@code waitMs}: clients that name a peer make a virtual edge. */
  synchronized void expire(long nowMs) {
    Iterator<Half> it = clients.values().iterator();
    while (it.hasNext()) {
      Half c = it.next();
      if (nowMs - c.arrivedMs < waitMs) {
        break;
      }
      it.remove();
      if (c.peer != null && !c.peer.isEmpty()) {
        sink.edge(new EdgeKey(c.service, c.peer, c.database ? EdgeKey.DATABASE : EdgeKey.VIRTUAL), c.startMs,
            c.durationMicros, c.durationMicros, c.error, c.weight);
      } else {
        unpaired++;
      }
    }
    Iterator<Half> st = servers.values().iterator();
    while (st.hasNext()) {
      Half srv = st.next();
      if (nowMs - srv.arrivedMs < waitMs) {
        break;
      }
      st.remove();
      serverParentById.remove(srv.byId);
      unpaired++;
    }
  }

  synchronized int waiting() {
    return clients.size() + servers.size();
  }
}
