package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.weft.storage.StorageUnavailableException;
import java.util.concurrent.ThreadLocalRandom;

/** Which driver failures {@link CqlExecutor} retries, how long it waits, and what it reports after. */
final class CqlFailures {
  private static final long FIRST_PAUSE_MS = 100;

  private CqlFailures() {}

  /** 100 ms, 300 ms, 900 ms..., each up to 25% shorter so that retries of many writes spread out. */
  static long pause(int attempt) {
    long base = FIRST_PAUSE_MS;
    for (int i = 1; i < attempt; i++) {
      base *= 3;
    }
    return Math.max(1, base - ThreadLocalRandom.current().nextLong(base / 4 + 1));
  }

  static Throwable surface(Throwable err, int attempts) {
    if (isTransient(err)) {
      return new StorageUnavailableException("Cassandra unavailable after " + attempts + " attempt(s): "
          + err.getMessage(), err);
    }
    return err;
  }

  /**
   * Failures that prove the statement was not applied (refused before it ran, or never sent):
   * safe to retry even for a counter update.
   */
  static boolean wasNotApplied(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UnavailableException || c instanceof com.datastax.oss.driver.api.core.NoNodeAvailableException
          || c instanceof OverloadedException || c instanceof BootstrappingException
          || c instanceof RequestThrottlingException || c instanceof BusyConnectionException
          || c instanceof ConnectionInitException) {
        return true;
      }
    }
    return false;
  }

  /** Failures after which the same statement may succeed: worth a retry, and retryable for a sender. */
  static boolean isTransient(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof QueryConsistencyException || c instanceof UnavailableException
          || c instanceof OverloadedException || c instanceof BootstrappingException
          || c instanceof AllNodesFailedException || c instanceof NodeUnavailableException
          || c instanceof DriverTimeoutException || c instanceof RequestThrottlingException
          || c instanceof BusyConnectionException || c instanceof ClosedConnectionException
          || c instanceof ConnectionInitException || c instanceof HeartbeatException
          || c instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }
}
