package io.weft.sampling.tail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import io.weft.storage.spread.TraceOwners;
import io.weft.tenant.TenancySettings;
import io.weft.wire.Addresses;
import io.weft.wire.SpanBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tail sampling as the last intake layer of collectors that store directly (no Kafka). Alone, a node
 * buffers every span and decides. Clustered, each span goes to the collector owning its trace id
 * ({@link TraceOwners}: rendezvous hashing over the collectors, the same as the store's placement)
 * over the event bus, a request's spans for one owner in one message; the owner buffers and decides,
 * writes the kept traces into the store chain and hands it the dropped ones' dependency links
 * ({@link SpanWriter#writeLinksOnly}). When the collectors change, each member hands the
 * buffered traces it no longer owns to their new owner (only those move).
 *
 * <p>What a sender's acknowledgement means here: its spans are in the owner's buffer (a trace already
 * kept: stored). A buffered span is not durable until its trace is decided and stored: a crash of
 * the owner loses at most what it buffered ({@code weft_tail_sampling_buffered_spans}, bounded by
 * decision_wait, num_traces and max_buffered_bytes). A node that stops, or leaves the cluster,
 * decides or hands over what it holds first.
 *
 * <p>Tenants: each tenant's intake writes through {@link #forTenant}; a trace is buffered and decided as
 * (tenant, trace id), handed to its owner with its tenant (the {@link SpanBatch}'s), and written to that
 * tenant's store chain. The owner of a trace id is the same for every tenant.
 */
public final class TailSamplingWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TailSamplingWriter.class);
  static final String AGE_HEADER = "weft-tail-age-ms";
  private static final int WRITE_ATTEMPTS = 6;

  private final Vertx vertx;
  private final TailSampler sampler;
  private final TailMetrics metrics;
  private final Function<String, SpanWriter> sinks;
  private final String selfId;
  private final long timeoutMs;
  private final long ticker;
  private final MessageConsumer<SpanBatch> consumer;
  private volatile TraceOwners owners = new TraceOwners(List.of());
  private volatile boolean closed;

  /**
   * {@code sinks}: a tenant's store chain (without tenancy, the one tenant's); {@code selfId} null: not
   * clustered, every span is decided here.
   */
  public TailSamplingWriter(Vertx vertx, TailSampling tail, Function<String, SpanWriter> sinks, String selfId,
      long timeoutMs) {
    this.vertx = vertx;
    this.sampler = tail.sampler();
    this.metrics = tail.metrics();
    this.sinks = sinks;
    this.selfId = selfId;
    this.timeoutMs = timeoutMs;
    long tick = Math.max(10, Math.min(100, sampler.decisionWaitMs() / 10));
    this.ticker = vertx.setPeriodic(tick, id -> handle(sampler.due(System.nanoTime(), null)));
    this.consumer = selfId == null ? null : vertx.eventBus().consumer(Addresses.tail(selfId), this::receive);
  }

  /** The members owning traces (the collectors of the plan); hands over the buffered traces that moved. */
  public void owners(List<String> collectorIds) {
    if (selfId == null || collectorIds.equals(owners.ids())) {
      return;
    }
    TraceOwners o = new TraceOwners(collectorIds);
    owners = o;
    if (o.isEmpty()) {
      return;
    }
    List<TailSampler.Decided> moved = sampler.remove(id -> !o.owner(id).equals(selfId), p -> true);
    // One message per new owner and tenant: a message names one tenant.
    Map<List<String>, List<TailSampler.Decided>> byOwner = new HashMap<>();
    for (TailSampler.Decided d : moved) {
      byOwner.computeIfAbsent(List.of(o.owner(d.id()), d.tenant()), k -> new ArrayList<>()).add(d);
    }
    long now = System.nanoTime();
    byOwner.forEach((ownerAndTenant, traces) -> {
      List<Span> spans = new ArrayList<>();
      long youngest = Long.MAX_VALUE; // the message carries one age: the youngest trace's, so none is decided early
      for (TailSampler.Decided d : traces) {
        spans.addAll(d.spans());
        youngest = Math.min(youngest, now - d.firstNanos());
      }
      metrics.handedOver(spans.size());
      forward(ownerAndTenant.get(0), ownerAndTenant.get(1), spans, youngest / 1_000_000);
    });
    if (!moved.isEmpty()) {
      LOG.info("tail sampling: handed {} buffered trace(s) to their new owners", moved.size());
    }
  }

  /** The intake layer of one tenant's spans (without tenancy: {@link TenancySettings#IMPLICIT}'s). */
  public SpanWriter forTenant(String tenant) {
    return spans -> write(tenant, spans);
  }

  private Future<Void> write(String tenant, List<Span> spans) {
    TraceOwners o = owners;
    if (selfId == null || o.isEmpty() || o.ids().size() == 1 && o.ids().get(0).equals(selfId)) {
      return accept(tenant, spans, 0);
    }
    Map<String, List<Span>> parts = new HashMap<>();
    for (Span s : spans) {
      parts.computeIfAbsent(o.owner(s.traceId()), k -> new ArrayList<>()).add(s);
    }
    List<Future<Void>> all = new ArrayList<>(parts.size());
    parts.forEach((owner, part) -> all.add(owner.equals(selfId) ? accept(tenant, part, 0)
        : forward(owner, tenant, part, 0)));
    return all.size() == 1 ? all.get(0) : Future.all(all).mapEmpty();
  }

  /**
   * To the owner, naming the tenant (the batch's); if it does not take them (gone, changing), they are
   * buffered and decided here.
   */
  private Future<Void> forward(String owner, String tenant, List<Span> part, long ageMs) {
    DeliveryOptions o = new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(AGE_HEADER, Long.toString(ageMs));
    long t0 = System.nanoTime();
    SpanBatch batch = SpanBatch.of(part, "");
    batch = new SpanBatch(batch.payload(), batch.spans(), "", tenant);
    return vertx.eventBus().request(Addresses.tail(owner), batch, o)
        .<Void>map(reply -> {
          metrics.forwardTime(System.nanoTime() - t0);
          metrics.forwarded(part.size());
          return null;
        })
        .recover(err -> {
          metrics.forwardFailed(part.size());
          LOG.debug("tail sampling: {} did not take {} spans ({}); deciding them here", owner, part.size(),
              err.toString());
          return accept(tenant, part, ageMs * 1_000_000);
        });
  }

  private void receive(Message<SpanBatch> msg) {
    List<Span> spans;
    try {
      spans = msg.body().decode();
    } catch (RuntimeException e) {
      msg.fail(SpanBatch.REFUSED, "cannot decode spans: " + e.getMessage());
      return;
    }
    String age = msg.headers().get(AGE_HEADER);
    long ageNanos = age == null ? 0 : Long.parseLong(age) * 1_000_000;
    // A member's hand-over names the tenant its spans were accepted for (checked by that member's listener).
    String tenant = msg.body().tenant().isEmpty() ? TenancySettings.IMPLICIT : msg.body().tenant();
    accept(tenant, spans, ageNanos).onSuccess(v -> msg.reply(spans.size()))
        .onFailure(err -> msg.fail(SpanBatch.RETRY, String.valueOf(err.getMessage())));
  }

  /**
   * Buffers here; a trace already kept is written now (the sender's acknowledgement waits for it); a
   * trace already dropped has its links recorded.
   */
  private Future<Void> accept(String tenant, List<Span> spans, long ageNanos) {
    TailSampler.Added a = sampler.add(tenant, spans, System.nanoTime(), ageNanos, null, null);
    handle(a.early());
    if (!a.droppedLate().isEmpty()) {
      writeRetrying(tenant, a.droppedLate(), true, 1, Promise.promise());
    }
    return a.keptLate().isEmpty() ? Future.succeededFuture() : sinks.apply(tenant).write(a.keptLate());
  }

  /**
   * Writes each tenant's kept traces of a round of decisions together, to its store, and records the
   * dropped ones' dependency links there (the graph counts calls before tail sampling), retrying a
   * failed write a few times.
   */
  private Future<Void> handle(List<TailSampler.Decided> decided) {
    if (decided.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, List<Span>> keep = new HashMap<>(2);
    Map<String, List<Span>> drop = new HashMap<>(2);
    for (TailSampler.Decided d : decided) {
      (d.keep() ? keep : drop).computeIfAbsent(d.tenant(), t -> new ArrayList<>()).addAll(d.spans());
    }
    List<Future<Void>> all = new ArrayList<>(keep.size() + drop.size());
    keep.forEach((tenant, spans) -> {
      Promise<Void> kept = Promise.promise();
      writeRetrying(tenant, spans, false, 1, kept);
      all.add(kept.future());
    });
    drop.forEach((tenant, spans) -> {
      Promise<Void> linked = Promise.promise();
      writeRetrying(tenant, spans, true, 1, linked);
      all.add(linked.future());
    });
    return Future.join(all).<Void>mapEmpty().onComplete(ar -> decided.forEach(TailSampler.Decided::settle));
  }

  /**
   * Stores a tenant's spans, or with {@code linksOnly} records their links; completes {@code done} once
   * written or given up.
   */
  private void writeRetrying(String tenant, List<Span> spans, boolean linksOnly, int attempt, Promise<Void> done) {
    if (spans.isEmpty()) {
      done.complete();
      return;
    }
    SpanWriter sink = sinks.apply(tenant);
    (linksOnly ? sink.writeLinksOnly(spans) : sink.write(spans)).onComplete(ar -> {
      if (ar.succeeded()) {
        if (linksOnly) {
          metrics.linksWritten(tenant, "ok", spans.size());
        }
        done.complete();
      } else if (attempt >= WRITE_ATTEMPTS || closed) {
        if (linksOnly) {
          metrics.linksWritten(tenant, "given-up", spans.size());
          LOG.warn("tail sampling: dependency links of {} spans of dropped traces of tenant {} not recorded after {} "
              + "attempts: {}", spans.size(), tenant, attempt, ar.cause().toString());
        } else {
          metrics.writeFailed(true, spans.size());
          LOG.error("tail sampling: {} spans of kept traces of tenant {} not stored after {} attempts: {}",
              spans.size(), tenant, attempt, ar.cause().toString());
        }
        done.complete();
      } else {
        if (linksOnly) {
          metrics.linksWritten(tenant, "retried", spans.size());
        } else {
          metrics.writeFailed(false, spans.size());
        }
        vertx.setTimer(250L << attempt, id -> writeRetrying(tenant, spans, linksOnly, attempt + 1, done));
      }
    });
  }

  /** Decides and writes what is still buffered (the node stops); a clustered member handed its share over already. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(ticker);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.transform(x -> handle(sampler.decideAll(System.nanoTime(), "shutdown")));
  }
}
