package io.weft;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanWriter;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.storage.live.LiveWatchers;
import io.weft.storage.tenant.TraceSizeLimit;
import io.weft.tenant.TenancySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The decorators of the {@link Wiring} table, one list per place, outermost first: where a new one goes
 * is said there. Kept apart so the order of each chain reads as one list.
 */
final class Layers {
  private final Vertx vertx;
  private final WeftMetrics metrics;
  private final TenancySettings tenancy;
  private final LiveWatchers liveWatchers;

  Layers(Vertx vertx, WeftMetrics metrics, TenancySettings tenancy, LiveWatchers liveWatchers) {
    this.vertx = vertx;
    this.liveWatchers = liveWatchers;
    this.metrics = metrics;
    this.tenancy = tenancy;
  }

  /**
   * Layers on what collectors accept of one tenant, outermost first; each sees every accepted span once,
   * before Kafka or storage.
   */
  List<UnaryOperator<SpanWriter>> intake(String tenant, SamplingParts sampling) {
    List<UnaryOperator<SpanWriter>> layers = new ArrayList<>();
    // (Span metrics count before post-sampling and tail sampling, through the processor's tap; a tenant's
    // ingest limits are the processor's, which sees the request's size.)
    if (sampling.adaptive != null) {
      // root spans per (tenant,) service and operation, for adaptive sampling
      layers.add(w -> sampling.adaptive.counting(tenant, w));
    }
    if (sampling.tailWriter != null) {
      // Tail sampling last: it holds spans until their trace is decided, then writes the kept ones to
      // the tenant's store chain (which is what it is given here). Behind Kafka the ingesters decide instead.
      // Its buffer is keyed by (tenant, trace id); a trace handed to its owner member keeps its tenant.
      layers.add(storeChain -> sampling.tailWriter.forTenant(tenant));
    }
    return layers;
  }

  /**
   * Layers on what one tenant stores, outermost first; above placement, so each stored span passes once,
   * where written. Under tenancy each tenant has its own chain over its own backend (TenantStores).
   */
  List<UnaryOperator<SpanWriter>> store(String tenant, ColdStore cold) {
    int maxSpansPerTrace = tenancy.limitsOf(tenant).maxSpansPerTrace();
    List<UnaryOperator<SpanWriter>> layers = new ArrayList<>();
    if (maxSpansPerTrace > 0) {
      // the tenant's largest trace: spans past it dropped and counted (tenancy.max-spans-per-trace)
      layers.add(w -> new TraceSizeLimit(w, maxSpansPerTrace, tenant, metrics.meterRegistry()));
    }
    // weft.spans.live* (weft.tenant.<t>.spans.live* under tenancy): published once the write below succeeded,
    // while anyone may watch
    layers.add(w -> new LiveSpanWriter(vertx, w, tenancy.enabled() ? tenant : null, liveWatchers));
    if (cold != null) {
      layers.add(w -> cold.countLate(w, metrics)); // spans too late for the cold handoff, counted
    }
    return layers;
  }

  /** Layers on one tenant's reads, outermost first. */
  List<UnaryOperator<SpanReader>> read(ArchiveStore archive, ColdStore cold) {
    List<UnaryOperator<SpanReader>> layers = new ArrayList<>();
    layers.add(r -> new ArchiveFallbackReader(r, archive)); // a trace by id the store has not: from the archive
    if (cold != null) {
      layers.add(cold::over); // hot then cold: every query API reads both tiers (io.weft.storage.cold)
    }
    return layers;
  }

  /** {@code inner} wrapped in the layers, the first outermost. */
  static <T> T layered(T inner, List<UnaryOperator<T>> outermostFirst) {
    T w = inner;
    for (int i = outermostFirst.size() - 1; i >= 0; i--) {
      w = outermostFirst.get(i).apply(w);
    }
    return w;
  }
}
