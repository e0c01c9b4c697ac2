package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.cassandra.ResultSet;
import io.vertx.cassandra.impl.ResultSetImpl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import com.datastax.oss.driver.api.core.CqlSession;
import io.weft.metrics.WeftMetrics;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs statements through the driver's asynchronous API (or, in tests, through the Vert.x Cassandra
 * client). Writes are bounded: at most
 * {@code maxInFlight} statements are at Cassandra at once, the others wait in a queue (the
 * collector's own queue bounds how many can wait). A write that fails in a way that may pass (a
 * timeout, an unavailable or overloaded node, no connection) is retried after a growing, jittered
 * pause, {@link #ATTEMPTS} times in all; then it fails with {@link io.weft.storage.StorageUnavailableException}.
 * Statements of one {@link WriteGroup} that have not started when another of the group failed are
 * not sent: the caller has already been told the write failed and will send it again (all of it, or,
 * from the ingester, only the rows no attempt got acknowledged: {@link AcknowledgedRows}).
 */
public final class CqlExecutor {
  static final int ATTEMPTS = 4;

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
   * Tests only (no option reaches it): a write for which this returns a failure is answered with it
   * instead of being sent, as an overloaded node would answer; null, or a null answer, sends.
   */
  volatile java.util.function.Function<Statement<?>, Throwable> failureForTests;

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

  /**
   * Statements of one {@code SpanWriter.write}: once one has failed, the rest are not sent. A group
   * made by {@link #group} also completes once for all its statements ({@link CqlExecutor#add}, then
   * {@link #sealed}), so a write of a hundred statements costs one promise and one hop back to the
   * caller's event loop instead of a hundred of each.
   */
  static final class WriteGroup {
    volatile Throwable failure;
    /** Statements added and not yet acknowledged, plus one until sealed; 0 = done. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final Promise<Void> done;

    /** A group only for skipping statements after a failure; each statement has its own future. */
    WriteGroup() {
      this(null);
    }

    private WriteGroup(Promise<Void> done) {
      this.done = done;
    }

    /** Records the group's first failure and fails it; statements not yet sent will not be. */
    void fail(Throwable err) {
      if (failure == null) {
        failure = err;
      }
      if (done != null) {
        done.tryFail(err);
      }
    }

    /** No more statements will be added: the future completes when the added ones are acknowledged. */
    Future<Void> sealed() {
      acked();
      return done.future();
    }

    private void acked() {
      if (pending.decrementAndGet() == 0) {
        done.tryComplete();
      }
    }
  }

  /** A group completing once for all its statements, on the caller's context. */
  WriteGroup group() {
    return new WriteGroup(promise());
  }

  private record Task(Statement<?> statement, WriteGroup group, boolean retry, Promise<Void> promise,
      Runnable onSuccess, int attempt) {
    Task next() {
      return new Task(statement, group, retry, promise, onSuccess, attempt + 1);
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
    enqueue(new Task(statement, group, retry, p, null, 1));
    return p.future();
  }

  /** A promise whose callbacks run on the caller's context, as {@link #write}'s do. */
  Promise<Void> promise() {
    return ((ContextInternal) vertx.getOrCreateContext()).promise();
  }

  /** Makes a group made by {@link #group} wait for {@code f} too, and fail if it fails. */
  void join(Future<Void> f, WriteGroup group) {
    group.pending.incrementAndGet();
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        group.acked();
      } else {
        group.fail(ar.cause());
      }
    });
  }

  /** Adds a write to a group made by {@link #group}; it completes (or fails) with the group. */
  void add(Statement<?> statement, WriteGroup group, boolean retry) {
    add(statement, group, retry, null);
  }

  /**
   * As {@link #add(Statement, WriteGroup, boolean)}, running {@code onSuccess} (on the driver's thread:
   * keep it short and thread-safe) once this statement is acknowledged.
   */
  void add(Statement<?> statement, WriteGroup group, boolean retry, Runnable onSuccess) {
    group.pending.incrementAndGet();
    enqueue(new Task(statement, group, retry, null, onSuccess, 1));
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

  /** Where a write's statements are built off the caller's event loop ({@code CassandraSpanWriter}). */
  Vertx vertx() {
    return vertx;
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
      } else if (CqlFailures.isTransient(ar.cause()) && attempt < ATTEMPTS) {
        vertx.setTimer(CqlFailures.pause(attempt), id -> read(statement, attempt + 1, p));
      } else {
        p.fail(CqlFailures.surface(ar.cause(), attempt));
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
      if (t.promise() != null) {
        t.promise().fail(earlier);
      } // else the group has failed already
      return;
    }
    var injector = failureForTests;
    Throwable injected = injector == null ? null : injector.apply(t.statement());
    if (injected != null) {
      vertx.runOnContext(v -> done(t, injected));
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
      if (t.onSuccess() != null) {
        t.onSuccess().run();
      }
      if (t.promise() != null) {
        t.promise().complete();
      } else {
        t.group().acked();
      }
      return;
    }
    Throwable err = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    boolean again = t.retry() ? CqlFailures.isTransient(err) : CqlFailures.wasNotApplied(err);
    if (again && t.attempt() < ATTEMPTS) {
      metrics.storageWriteRetry("cassandra");
      // The slot is given back while waiting, so other writes are not held up by this one.
      vertx.setTimer(CqlFailures.pause(t.attempt()), id -> enqueue(t.next()));
      return;
    }
    Throwable surfaced = CqlFailures.surface(err, t.attempt());
    if (t.group() != null) {
      t.group().fail(surfaced);
    }
    if (t.promise() != null) {
      t.promise().fail(surfaced);
    }
  }

  private void release() {
    inFlight.decrementAndGet();
    drain();
  }
}
