package io.weft.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each tenant's ingest on this collector node: counted ({@code weft_tenant_spans_received_total},
 * {@code weft_tenant_bytes_received_total}) and held to its spans/s and bytes/s limits by token buckets
 * that refill continuously and hold one second of the rate. A request over the limit is refused whole
 * ({@link RateLimitedException}, counted in {@code weft_tenant_refused_requests_total{limit}}); one larger than
 * a whole second of the rate passes only when the bucket is full, and leaves it in debt.
 */
public final class IngestLimits {
  private final TenancySettings settings;
  private final MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

  public IngestLimits(TenancySettings settings, MeterRegistry registry, LongSupplier nanoTime) {
    this.settings = settings;
    this.registry = registry;
    this.nanoTime = nanoTime;
  }

  /** Counts a request of {@code tenant} and admits it, or throws {@link RateLimitedException}. */
  public void admit(String tenant, int spans, long bytes) {
    Tenant t = tenants.computeIfAbsent(tenant, this::tenant);
    t.admit(spans, bytes, nanoTime.getAsLong());
  }

  private Tenant tenant(String name) {
    TenantLimits l = settings.limitsOf(name);
    return new Tenant(name, l.spansPerSecond() > 0 ? new Bucket(l.spansPerSecond()) : null,
        l.bytesPerSecond() > 0 ? new Bucket(l.bytesPerSecond()) : null);
  }

  private final class Tenant {
    final String name;
    final Bucket spans;
    final Bucket bytes;
    final Counter spansIn;
    final Counter bytesIn;

    Tenant(String name, Bucket spans, Bucket bytes) {
      this.name = name;
      this.spans = spans;
      this.bytes = bytes;
      this.spansIn = registry == null ? null : Counter.builder("weft_tenant_spans_received")
          .description("spans received per tenant (before validation and limits)").tag("tenant", name).register(registry);
      this.bytesIn = registry == null ? null : Counter.builder("weft_tenant_bytes_received")
          .description("request bytes received per tenant").tag("tenant", name).register(registry);
    }

    synchronized void admit(int n, long size, long now) {
      if (spansIn != null) {
        spansIn.increment(n);
        bytesIn.increment(size);
      }
      long waitSpans = spans == null ? 0 : spans.shortfall(n, now);
      long waitBytes = bytes == null ? 0 : bytes.shortfall(size, now);
      if (waitSpans > 0 || waitBytes > 0) {
        String limit = waitSpans > 0 ? "spans-per-second" : "bytes-per-second";
        if (registry != null) {
          Counter.builder("weft_tenant_refused_requests").description("requests refused for a tenant's ingest limit")
              .tag("tenant", name).tag("limit", limit).register(registry).increment();
        }
        long rate = waitSpans > 0 ? spans.rate : bytes.rate;
        throw new RateLimitedException("tenant '" + name + "' is over its limit of " + rate + " " + limit.replace(
            "-per-second", "/s") + " (tenancy.ingest." + limit + "); retry later", Math.max(waitSpans, waitBytes));
      }
      if (spans != null) {
        spans.take(n);
      }
      if (bytes != null) {
        bytes.take(size);
      }
    }
  }

  /** Tokens refilled at {@code rate} per second, holding at most one second of it. */
  static final class Bucket {
    final long rate;
    double tokens;
    long last = Long.MIN_VALUE;

    Bucket(long rate) {
      this.rate = rate;
      this.tokens = rate;
    }

    /** 0 when {@code n} may be taken now, else whole seconds until it may. */
    long shortfall(long n, long now) {
      if (last != Long.MIN_VALUE) {
        tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
      }
      last = now;
      if (n <= tokens || tokens >= rate) {
        return 0;
      }
      return Math.max(1, (long) Math.ceil((Math.min(n, rate) - tokens) / rate));
    }

    void take(long n) {
      tokens -= n;
    }
  }
}
