package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.ResultSet;
import io.vertx.cassandra.impl.ResultSetImpl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import com.datastax.oss.driver.api.core.CqlSession;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.StorageUnavailableException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs statements through the driver's asynchronous API (or, in tests, through the Vert.x Cassandra
 * client). Writes are bounded: at most
 * {@code maxInFlight} statements are at Cassandra at once, the others wait in a queue (the
 * collector's own queue bounds how many can wait). A write that fails in a way that may pass (a
 * timeout, an unavailable or overloaded node, no connection) is retried after a growing, jittered
 * pause, {@link #ATTEMPTS} times in all; then it fails with {@link StorageUnavailableException}.
 * Statements of one {@link WriteGroup} that have not started when another of the group failed are
 * not sent: the caller has already been told the write failed and will send it all again.
 */
public final class CqlExecutor {
  static final int ATTEMPTS = 4;
  private static final long FIRST_PAUSE_MS = 100;

  private final Vertx vertx;
  private final CassandraClient client;
  private final int maxInFlight;
  private final WeftMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
  /** Who owns which token, for grouping rows by replica; refreshed by the store, null until known. */
  private volatile com.datastax.oss.driver.api.core.metadata.TokenMap tokenMap;

  /**
   * The driver's session, or null to go through the Vert.x client. The client wraps every
   * statement (a synchronized session lookup, a tracing check, a result wrapper and a hop to the
   * caller's event loop before the executor's own callback runs); a write needs none of that: its
   * callback, on the driver's thread, only frees a slot and completes a promise bound to the
   * caller's context.
   */
  private final CqlSession session;

  /** Through the Vert.x client (tests that look at tables themselves). */
  public CqlExecutor(Vertx vertx, CassandraClient client, int maxInFlight, WeftMetrics metrics) {
    this(vertx, client, null, maxInFlight, metrics);
  }

  /** Through the driver's own asynchronous API. */
  public CqlExecutor(Vertx vertx, CqlSession session, int maxInFlight, WeftMetrics metrics) {
    this(vertx, null, session, maxInFlight, metrics);
  }

  private CqlExecutor(Vertx vertx, CassandraClient client, CqlSession session, int maxInFlight,
      WeftMetrics metrics) {
    this.vertx = vertx;
    this.client = client;
    this.session = session;
    this.maxInFlight = maxInFlight;
    this.metrics = metrics;
  }

  /** Statements of one {@code SpanWriter.write}: once one has failed, the rest are not sent. */
  static final class WriteGroup {
    volatile Throwable failure;
  }

  private record Task(Statement<?> statement, WriteGroup group, boolean retry, Promise<Void> promise, int attempt) {
    Task next() {
      return new Task(statement, group, retry, promise, attempt + 1);
    }
  }

  /**
   * Sends a write when a slot is free; {@code retry} is false for statements that must not be
   * applied twice (counter updates: a timed-out increment may have been applied), which are
   * retried only after failures that prove they were not applied.
   */
  Future<Void> write(Statement<?> statement, WriteGroup group, boolean retry) {
    // Bound to the caller's context, so its callbacks run there whichever thread completes it.
    Promise<Void> p = promise();
    enqueue(new Task(statement, group, retry, p, 1));
    return p.future();
  }

  /** A promise whose callbacks run on the caller's context, as {@link #write}'s do. */
  Promise<Void> promise() {
    return ((ContextInternal) vertx.getOrCreateContext()).promise();
  }

  /** A read, or a schema change: not queued behind writes, retried like them. */
  Future<ResultSet> read(Statement<?> statement) {
    Promise<ResultSet> p = Promise.promise();
    read(statement, 1, p);
    return p.future();
  }

  /** A read fetching every page. */
  Future<List<Row>> readAll(Statement<?> statement) {
    return read(statement).compose(ResultSet::all);
  }

  Future<com.datastax.oss.driver.api.core.cql.PreparedStatement> prepare(String cql) {
    return session == null ? client.prepare(cql)
        : Future.fromCompletionStage(session.prepareAsync(cql), vertx.getOrCreateContext());
  }

  /** Takes a fresh snapshot of the cluster's token map (nodes join and leave). */
  Future<Void> refreshTokenMap() {
    if (session != null) {
      tokenMap = session.getMetadata().getTokenMap().orElse(null);
      return Future.succeededFuture();
    }
    return client.metadata().map(m -> {
      tokenMap = m.getTokenMap().orElse(null);
      return null;
    });
  }

  com.datastax.oss.driver.api.core.metadata.TokenMap tokenMap() {
    return tokenMap;
  }

  int inFlight() {
    return inFlight.get();
  }

  int queued() {
    return queued.get();
  }

  private void read(Statement<?> statement, int attempt, Promise<ResultSet> p) {
    execute(statement).onComplete(ar -> {
      if (ar.succeeded()) {
        p.complete(ar.result());
      } else if (isTransient(ar.cause()) && attempt < ATTEMPTS) {
        vertx.setTimer(pause(attempt), id -> read(statement, attempt + 1, p));
      } else {
        p.fail(surface(ar.cause(), attempt));
      }
    });
  }

  private void enqueue(Task t) {
    queued.incrementAndGet();
    queue.add(t);
    drain();
  }

  private void drain() {
    while (true) {
      int n = inFlight.get();
      if (n >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(n, n + 1)) {
        continue;
      }
      Task t = queue.poll();
      if (t == null) {
        inFlight.decrementAndGet();
        if (queue.isEmpty()) {
          return; // whoever adds next drains
        }
        continue;
      }
      queued.decrementAndGet();
      send(t);
    }
  }

  private void send(Task t) {
    Throwable earlier = t.group() == null ? null : t.group().failure;
    if (earlier != null) {
      release();
      t.promise().fail(earlier);
      return;
    }
    if (session == null) {
      client.execute(t.statement()).onComplete(ar -> done(t, ar.cause()));
    } else {
      session.executeAsync(t.statement()).whenComplete((rs, err) -> done(t, err));
    }
  }

  private Future<ResultSet> execute(Statement<?> statement) {
    if (session == null) {
      return client.execute(statement);
    }
    return Future.fromCompletionStage(session.executeAsync(statement), vertx.getOrCreateContext())
        .map(rs -> new ResultSetImpl(rs, vertx));
  }

  Future<Void> close() {
    return session == null ? client.close() : Future.fromCompletionStage(session.closeAsync()).mapEmpty();
  }

  /** A write answered ({@code err} null) or failed: frees its slot, then completes, retries or fails it. */
  private void done(Task t, Throwable failure) {
    release();
    if (failure == null) {
      t.promise().complete();
      return;
    }
    Throwable err = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    boolean again = t.retry() ? isTransient(err) : wasNotApplied(err);
    if (again && t.attempt() < ATTEMPTS) {
      metrics.storageWriteRetry("cassandra");
      // The slot is given back while waiting, so other writes are not held up by this one.
      vertx.setTimer(pause(t.attempt()), id -> enqueue(t.next()));
      return;
    }
    Throwable surfaced = surface(err, t.attempt());
    if (t.group() != null && t.group().failure == null) {
      t.group().failure = surfaced;
    }
    t.promise().fail(surfaced);
  }

  private void release() {
    inFlight.decrementAndGet();
    drain();
  }

  /** 100 ms, 300 ms, 900 ms..., each up to 25% shorter so that retries of many writes spread out. */
  private static long pause(int attempt) {
    long base = FIRST_PAUSE_MS;
    for (int i = 1; i < attempt; i++) {
      base *= 3;
    }
    return Math.max(1, base - ThreadLocalRandom.current().nextLong(base / 4 + 1));
  }

  private static Throwable surface(Throwable err, int attempts) {
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
