package io.weft.sampling.adaptive;

import io.vertx.core.Future;
import io.weft.sampling.CalculatedStrategies;
import io.weft.sampling.SamplingStrategy;
import io.weft.sampling.SamplingStrategy.Operation;
import io.weft.sampling.SamplingStrategy.Operations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a node serves from adaptive sampling (Jaeger's adaptive {@code Provider}): the latest
 * probabilities, re-read from the sampling store every {@link AdaptiveSettings#refreshMs()} (and set
 * at once on the leader), turned into per-service strategies: the calculated operations, the initial
 * probability for others, and the lower bound of traces per second.
 *
 * <p>Unlike Jaeger's answer, it also carries {@code probabilisticSampling} at the initial probability:
 * OpenTelemetry's Jaeger remote sampler ignores per-operation strategies when there are none (a
 * service not calculated yet) and falls back to {@code probabilisticSampling}, which, absent, is 0:
 * such a service would never be sampled, so never seen, so never calculated.
 */
public final class AdaptiveStrategies implements CalculatedStrategies {
  private final AdaptiveSettings s;
  private final SamplingStore store;
  private final TenantKeys keys;
  private volatile Probabilities latest = Probabilities.NONE;

  public AdaptiveStrategies(AdaptiveSettings settings, SamplingStore store) {
    this(settings, store, new TenantKeys(false));
  }

  public AdaptiveStrategies(AdaptiveSettings settings, SamplingStore store, TenantKeys keys) {
    this.s = settings;
    this.store = store;
    this.keys = keys;
  }

  public AdaptiveSettings settings() {
    return s;
  }

  /** Re-reads the latest probabilities; a failure keeps the ones held. */
  public Future<Probabilities> reload() {
    return store.getLatestProbabilities().onSuccess(this::update);
  }

  @Override
  public void refresh() {
    reload();
  }

  @Override
  public long refreshMs() {
    return s.refreshMs();
  }

  public void update(Probabilities p) {
    latest = p;
  }

  public Probabilities latest() {
    return latest;
  }

  /** The probability served for the operation now (the initial one until calculated). */
  public double served(String service, String operation) {
    Probabilities.Entry e = latest.get(service, operation);
    return e == null ? s.initialProbability() : e.probability();
  }

  @Override
  public SamplingStrategy forService(String service) {
    return forService(io.weft.tenant.TenancySettings.IMPLICIT, service);
  }

  /** The tenant's service's strategy: its own calculation (under tenancy no other tenant's counts in it). */
  @Override
  public SamplingStrategy forService(String tenant, String service) {
    List<Operation> ops = new ArrayList<>();
    Map<String, Probabilities.Entry> calculated = latest.services().get(keys.of(tenant, service));
    if (calculated != null) {
      calculated.forEach((op, e) -> ops.add(new Operation(op, e.probability())));
    }
    return SamplingStrategy.probabilistic(s.initialProbability())
        .withOperations(new Operations(s.initialProbability(), s.minSamplesPerSecond(), 0, ops));
  }
}
