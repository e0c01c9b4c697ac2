package io.weft.tenant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One value per tenant (a store, a writer chain, a router), made on first use and kept: tenants are
 * bounded by the allowed list or {@code tenancy.max-tenants} ({@link TenantResolver}).
 */
public final class PerTenant<T> {
  private final Function<String, T> make;
  private final Map<String, T> made = new ConcurrentHashMap<>();

  public PerTenant(Function<String, T> make) {
    this.make = make;
  }

  /** The same value for every tenant (a node without tenancy has one). */
  public static <T> PerTenant<T> same(T value) {
    return new PerTenant<>(t -> value);
  }

  public T of(String tenant) {
    return made.computeIfAbsent(tenant, make);
  }

  /** The tenants made so far, with their values. */
  public Map<String, T> made() {
    return Map.copyOf(made);
  }
}
