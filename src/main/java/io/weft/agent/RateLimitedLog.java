package io.weft.agent;

import org.slf4j.Logger;

/**
 * A warning at most once per interval, with the count of those left out since, so a flood of bad
 * datagrams shows in the log without filling it (the metrics count every one).
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long next;
  private long suppressed;

  RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  synchronized void warn(String message) {
    long now = System.nanoTime();
    if (next != 0 && now - next < 0) {
      suppressed++;
      return;
    }
    next = now + intervalNanos;
    if (suppressed > 0) {
      log.warn("{} ({} similar messages suppressed)", message, suppressed);
      suppressed = 0;
    } else {
      log.warn(message);
    }
  }
}
