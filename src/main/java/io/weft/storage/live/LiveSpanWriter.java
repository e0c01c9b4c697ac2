package io.weft.storage.live;

import io.weft.wire.Addresses;
import io.weft.wire.EncodedTrace;
import io.weft.wire.LiveBatch;
import io.weft.wire.LiveBatchCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes what a collector stored: the whole batch on {@code weft.spans.live} and each service's
 * spans on {@code weft.spans.live.<service>}, so a watcher of one service gets only its spans without
 * filtering the whole stream. Published after the write succeeds: a live span is a stored span.
 *
 * <p>Publishing to an address nobody watches would cost a cluster lookup per batch (Vert.x does not
 * cache "no subscribers"), so this node holds a do-nothing local consumer on each address it publishes
 * to: the address then always has a subscriber here, Vert.x keeps its subscriber list cached (and
 * updated as watchers come and go). The idle consumer never reads its messages, and the codec builds a
 * local subscriber's JSON only when it reads it ({@link LiveBatchCodec#transform}), so the idle consumer
 * costs no JSON (it once cost a large share of a clustered collector's CPU). A node outside a cluster
 * skips it: there a publish with no subscriber is a local map miss.
 *
 * <p>While certainly nobody can receive them ({@link LiveWatchers}: an unclustered node with no consumer
 * of a live address) the spans are not published at all; the first write after a watcher registered is.
 *
 * <p>Under tenancy each tenant's spans go to its own addresses, {@code weft.tenant.<tenant>.spans.live[.<service>]}.
 */
public final class LiveSpanWriter implements SpanWriter {
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(LiveBatchCodec.NAME);

  private static final int MAX_ADDRESSES = 10_000;

  private final Vertx vertx;
  private final SpanWriter delegate;
  private final Set<String> warm = ConcurrentHashMap.newKeySet();
  private final Context home;
  private final String tenant;
  /** Null: not known, always publish. */
  private final LiveWatchers watchers;

  /** Create it outside any verticle: the idle consumers live on its context, not on a collector's. */
  public LiveSpanWriter(Vertx vertx, SpanWriter delegate) {
    this(vertx, delegate, null, null);
  }

  /**
   * A tenant's (null: no tenancy): published on that tenant's addresses ({@link Addresses#liveOf}), unless
   * {@code watchers} (those of {@code vertx}'s event bus; null: unknown) says nobody can receive them.
   */
  public LiveSpanWriter(Vertx vertx, SpanWriter delegate, String tenant, LiveWatchers watchers) {
    this.tenant = tenant;
    this.watchers = watchers;
    this.vertx = vertx;
    this.delegate = delegate;
    // Consumers registered from a verticle go when it is undeployed; these must outlive the collector role.
    this.home = vertx.getOrCreateContext();
  }

  /** Every node and client registers the codec once, whatever its roles. */
  public static void registerCodec(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LiveBatchCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another node or client on the same Vert.x did it
    }
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    return delegate.write(spans).onSuccess(v -> {
      if (watched()) {
        publish(spans);
      }
    });
  }

  @Override
  public Future<Void> writeEncoded(List<EncodedTrace> traces) {
    return delegate.writeEncoded(traces).onSuccess(v -> {
      if (watched()) {
        publish(EncodedTrace.spans(traces));
      }
    });
  }

  /** Not stored, so not live: passed on unpublished. */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return delegate.writeLinksOnly(spans);
  }

  /** Asked after the write: a watcher registered before it completed gets its spans. */
  private boolean watched() {
    return watchers == null || watchers.anyoneMayWatch(vertx);
  }

  private void publish(List<Span> spans) {
    EventBus eb = vertx.eventBus();
    publish(eb, Addresses.liveOf(tenant, null), new LiveBatch(null, spans));
    Map<String, List<Span>> byService = new LinkedHashMap<>();
    for (Span s : spans) {
      if (s.serviceName() != null) {
        byService.computeIfAbsent(s.serviceName(), k -> new ArrayList<>()).add(s);
      }
    }
    byService.forEach((service, part) -> publish(eb, Addresses.liveOf(tenant, service), new LiveBatch(service, part)));
  }

  private void publish(EventBus eb, String address, LiveBatch batch) {
    // Outside a cluster a publish with no subscriber is a local map miss: no idle consumer, whose
    // delivery would make the codec encode every batch to JSON for nobody.
    if (vertx.isClustered() && !warm.contains(address)) {
      if (warm.size() >= MAX_ADDRESSES) {
        return; // a runaway number of services: watchers of the whole stream still see these spans
      }
      if (warm.add(address)) {
        home.runOnContext(v -> eb.localConsumer(address, msg -> { }));
      }
    }
    eb.publish(address, batch, OPTIONS);
  }
}
