package io.weft.tenant;

/** A tenant sent more than its limit allows: 429 with Retry-After, or RESOURCE_EXHAUSTED with RetryInfo. */
public final class RateLimitedException extends RuntimeException {
  private final long retryAfterSeconds;

  RateLimitedException(String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
