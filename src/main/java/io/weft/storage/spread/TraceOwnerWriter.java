package io.weft.storage.spread;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import io.weft.wire.Addresses;
import io.weft.wire.EncodedTrace;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With in-memory storage, keeps each trace whole on one member: a collector writes a span to the
 * store of the member owning its trace id (rendezvous hashing of the trace id over the members that
 * run the collector role), locally or over the event bus. Whole traces make each member's search and
 * dependency answers exact, so the query side only has to merge them. When the owner does not
 * answer (it just died, the plan is changing) the spans are stored here instead: split traces are
 * still found, since every read asks every member.
 */
public final class TraceOwnerWriter implements SpanWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TraceOwnerWriter.class);

  private final Vertx vertx;
  private final String selfId;
  private final SpanWriter local;
  private final SpreadMetrics metrics;
  private final DeliveryOptions options;
  private volatile TraceOwners owners = new TraceOwners(List.of());

  public TraceOwnerWriter(Vertx vertx, String selfId, SpanWriter local, SpreadMetrics metrics, long timeoutMs) {
    this(vertx, selfId, local, metrics, timeoutMs, null);
  }

  /**
   * A writer of one tenant's spans: {@code local} is the tenant's store on this member, and every forward
   * names {@code tenant}, so the owner stores them in its store of that tenant (null: the node's own).
   */
  public TraceOwnerWriter(Vertx vertx, String selfId, SpanWriter local, SpreadMetrics metrics, long timeoutMs,
      String tenant) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.local = local;
    this.metrics = metrics;
    this.options = StoreMessages.forTenant(new DeliveryOptions().setSendTimeout(timeoutMs), tenant);
  }

  /** The members storing spans (the collectors of the current plan). */
  public void owners(List<String> memberIds) {
    if (!memberIds.equals(owners.ids())) {
      owners = new TraceOwners(memberIds);
    }
  }

  /**
   * Alone (this member owns every trace) the messages go to the local store as they are; spread over
   * members, spans go over the event bus in their own codec, as {@link #write} sends them.
   */
  @Override
  public Future<Void> writeEncoded(List<EncodedTrace> traces) {
    List<String> ids = owners.ids();
    if (ids.isEmpty() || (ids.size() == 1 && ids.get(0).equals(selfId))) {
      return local.writeEncoded(traces);
    }
    return write(EncodedTrace.spans(traces));
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    return route(spans, false);
  }

  /** To the trace's owner as {@link #write} routes spans, so its links are counted where its other spans went. */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return route(spans, true);
  }

  private Future<Void> route(List<Span> spans, boolean linksOnly) {
    TraceOwners o = owners;
    List<String> ids = o.ids();
    if (ids.isEmpty() || (ids.size() == 1 && ids.get(0).equals(selfId))) {
      return local(spans, linksOnly);
    }
    List<List<Span>> parts = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      parts.add(new ArrayList<>());
    }
    for (Span s : spans) {
      parts.get(o.ownerOf(s.traceId())).add(s);
    }
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      List<Span> part = parts.get(i);
      if (!part.isEmpty()) {
        all.add(ids.get(i).equals(selfId) ? local(part, linksOnly) : forward(ids.get(i), part, linksOnly));
      }
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> local(List<Span> spans, boolean linksOnly) {
    return linksOnly ? local.writeLinksOnly(spans) : local.write(spans);
  }

  /** Hands a part to the member owning it; if it does not take it, it is written here. */
  private Future<Void> forward(String memberId, List<Span> part, boolean linksOnly) {
    DeliveryOptions o = linksOnly ? new DeliveryOptions(options).addHeader(StoreMessages.LINKS_ONLY, "true") : options;
    return vertx.eventBus().request(Addresses.storeWrite(memberId), StoreMessages.spans(part), o)
        .<Void>map(reply -> {
          metrics.forwarded(part.size());
          return null;
        })
        .recover(err -> {
          metrics.requestFailed("forward");
          LOG.debug("member {} did not take {} spans ({}); storing them here", memberId, part.size(), err.toString());
          return local(part, linksOnly);
        });
  }
}
