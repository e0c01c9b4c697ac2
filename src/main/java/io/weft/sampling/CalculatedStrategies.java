package io.weft.sampling;

/**
 * Strategies calculated rather than configured (adaptive sampling, {@code io.weft.sampling.adaptive}),
 * served for every service the strategies file has no entry of its own for.
 */
public interface CalculatedStrategies {
  SamplingStrategy forService(String service);

  /** The strategy of a tenant's service (the caller's tenant, resolved as every listener does). */
  default SamplingStrategy forService(String tenant, String service) {
    return forService(service);
  }

  /** Re-reads the latest calculation (asynchronously; a failure keeps what is held). */
  void refresh();

  /** How often to call {@link #refresh()}. */
  long refreshMs();
}
