package io.weft.sampling.adaptive;

/**
 * Under tenancy adaptive sampling keeps each tenant's services apart by naming them
 * {@code tenant/service} wherever it keys by service: the throughput counted, the throughput and
 * probabilities in the sampling store, the calculation. A tenant name has no {@code /}, so the first one
 * ends it. Without tenancy a service is its own name, stored as before tenancy existed.
 */
public final class TenantKeys {
  private final boolean perTenant;

  public TenantKeys(boolean perTenant) {
    this.perTenant = perTenant;
  }

  public boolean perTenant() {
    return perTenant;
  }

  /** The key of a tenant's service. */
  public String of(String tenant, String service) {
    return perTenant ? tenant + '/' + service : service;
  }

  /** The tenant of a key (null without tenancy, or for a key without one). */
  public String tenant(String key) {
    int slash = perTenant ? key.indexOf('/') : -1;
    return slash < 0 ? null : key.substring(0, slash);
  }

  /** The service of a key. */
  public String service(String key) {
    int slash = perTenant ? key.indexOf('/') : -1;
    return slash < 0 ? key : key.substring(slash + 1);
  }
}
