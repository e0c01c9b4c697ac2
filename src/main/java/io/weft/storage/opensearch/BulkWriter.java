package io.weft.storage.opensearch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.StorageUnavailableException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends actions (index or delete, as their NDJSON lines) through the bulk API with bounded
 * concurrency and size. Actions of all writes wait in one queue and go out together as soon as a
 * request slot is free, up to {@code opensearch.bulk.max-bytes} per request, so many small writes
 * make few requests. A write's future completes once OpenSearch answered success for every one of
 * its actions.
 *
 * <p>Failures: an action that failed in a way that may pass (the node unreachable, 429 and other
 * rejections, a read-only block from the disk watermark) is sent again after a pause doubling from
 * 100 ms to 5 s; a 429 for the whole request also holds every request back for that pause. Once a
 * write's {@code opensearch.bulk.retry-timeout} has passed, it fails with
 * {@link StorageUnavailableException} (the sender keeps its spans and sends them again) and its
 * actions still waiting are dropped. An action refused for good (a malformed document) fails its
 * write with an {@link OpenSearchException}. Nothing is ever acknowledged that was not stored.
 */
final class BulkWriter {
  private static final long FIRST_PAUSE_MS = 100;
  private static final long MAX_PAUSE_MS = 5000;

  private final Vertx vertx;
  private final OpenSearchHttp http;
  private final WeftMetrics metrics;
  private final int maxBytes;
  private final int concurrency;
  private final long retryMs;
  private final String path;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private long queuedBytes;
  private int inFlight;
  private long pausedUntil;
  private boolean pumpScheduled;

  /** One write: its promise completes when all its actions are stored, or fails once. */
  private static final class Write {
    final Promise<Void> promise = Promise.promise();
    final long deadline;
    int pending;
    boolean done;

    Write(int actions, long deadline) {
      this.pending = actions;
      this.deadline = deadline;
    }
  }

  private record Item(byte[] lines, Write write, int attempt, boolean delete) {}

  BulkWriter(Vertx vertx, OpenSearchHttp http, OpenSearchSettings s, WeftMetrics metrics) {
    this.vertx = vertx;
    this.http = http;
    this.metrics = metrics;
    this.maxBytes = s.bulkMaxBytes();
    this.concurrency = s.bulkConcurrency();
    this.retryMs = s.bulkRetryMs();
    this.path = "/_bulk?refresh=" + s.bulkRefresh() + "&filter_path=errors,items.*.status,items.*.error.type,"
        + "items.*.error.reason";
  }

  /** An action to send: the NDJSON lines (each ending in a newline); deletes of absent documents succeed. */
  record Action(byte[] lines, boolean delete) {}

  Future<Void> write(List<Action> actions) {
    if (actions.isEmpty()) {
      return Future.succeededFuture();
    }
    Write w = new Write(actions.size(), System.currentTimeMillis() + retryMs);
    synchronized (this) {
      for (Action a : actions) {
        queue.add(new Item(a.lines(), w, 1, a.delete()));
        queuedBytes += a.lines().length;
      }
    }
    pump();
    return w.promise.future();
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** Sends requests while slots are free and actions wait. */
  private void pump() {
    while (true) {
      List<Item> batch;
      synchronized (this) {
        long now = System.currentTimeMillis();
        if (now < pausedUntil) {
          if (!pumpScheduled) {
            pumpScheduled = true;
            vertx.setTimer(pausedUntil - now, id -> {
              synchronized (this) {
                pumpScheduled = false;
              }
              pump();
            });
          }
          return;
        }
        if (inFlight >= concurrency || queue.isEmpty()) {
          return;
        }
        batch = new ArrayList<>();
        int bytes = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || bytes + queue.peek().lines().length <= maxBytes)) {
          Item it = queue.poll();
          queuedBytes -= it.lines().length;
          if (it.write().done) {
            continue; // its write already failed: the sender sends it all again
          }
          batch.add(it);
          bytes += it.lines().length;
        }
        if (batch.isEmpty()) {
          continue;
        }
        inFlight++;
      }
      send(batch);
    }
  }

  private void send(List<Item> batch) {
    Buffer body = Buffer.buffer();
    for (Item it : batch) {
      body.appendBytes(it.lines());
    }
    http.send(HttpMethod.POST, path, body, "application/x-ndjson").onComplete(ar -> {
      try {
        if (ar.failed()) {
          retryAll(batch, ar.cause(), 0);
        } else if (!ar.result().ok()) {
          OpenSearchHttp.Response r = ar.result();
          RuntimeException e = errorOf(r);
          if (e instanceof StorageUnavailableException) {
            retryAll(batch, e, r.status() == 429 ? pause(batch.get(0).attempt()) : 0);
          } else {
            failAll(batch, e);
          }
        } else {
          items(batch, ar.result().body());
        }
      } finally {
        synchronized (this) {
          inFlight--;
        }
        pump();
      }
    });
  }

  private static RuntimeException errorOf(OpenSearchHttp.Response r) {
    try {
      return OpenSearchException.of(r.status(), r.json(), "bulk request");
    } catch (RuntimeException unparsable) {
      OpenSearchException e = new OpenSearchException(r.status(), "http_" + r.status(), "bulk request");
      return e.retryable() ? new StorageUnavailableException(e.getMessage(), e) : e;
    }
  }

  /** Acknowledges the actions stored, retries those that may pass, fails the writes of those refused for good. */
  private void items(List<Item> batch, Buffer body) {
    List<OpenSearchException> errors;
    try {
      boolean[] deletes = new boolean[batch.size()];
      for (int i = 0; i < deletes.length; i++) {
        deletes[i] = batch.get(i).delete();
      }
      errors = BulkResponse.errors(body, deletes);
    } catch (IOException e) {
      retryAll(batch, new StorageUnavailableException("unreadable bulk response: " + e.getMessage(), e), 0);
      return;
    }
    if (errors == null) {
      batch.forEach(this::stored);
      return;
    }
    List<Item> again = new ArrayList<>();
    RuntimeException lastRetryable = null;
    for (int i = 0; i < batch.size(); i++) {
      OpenSearchException e = errors.get(i);
      if (e == null) {
        stored(batch.get(i));
      } else if (e.status() == 0 || e.retryable()) {
        again.add(batch.get(i));
        lastRetryable = new StorageUnavailableException(e.getMessage(), e);
      } else {
        fail(batch.get(i).write(), e);
      }
    }
    if (!again.isEmpty()) {
      retryAll(again, lastRetryable, 0);
    }
  }

  private void stored(Item it) {
    Write w = it.write();
    boolean complete;
    synchronized (this) {
      complete = !w.done && --w.pending == 0;
      if (complete) {
        w.done = true;
      }
    }
    if (complete) {
      w.promise.tryComplete();
    }
  }

  /** Sends the actions again after a pause, or fails writes whose time is up; {@code holdAll} pauses every request. */
  private void retryAll(List<Item> items, Throwable cause, long holdAll) {
    long now = System.currentTimeMillis();
    List<Item> again = new ArrayList<>();
    long delay = 0;
    for (Item it : items) {
      if (it.write().done) {
        continue;
      }
      long pause = pause(it.attempt());
      if (now + pause > it.write().deadline) {
        fail(it.write(), cause instanceof StorageUnavailableException ? cause : new StorageUnavailableException(
            "OpenSearch did not store the spans within opensearch.bulk.retry-timeout: " + cause.getMessage(), cause));
      } else {
        again.add(new Item(it.lines(), it.write(), it.attempt() + 1, it.delete()));
        delay = Math.max(delay, pause);
      }
    }
    if (holdAll > 0) {
      synchronized (this) {
        pausedUntil = Math.max(pausedUntil, now + holdAll);
      }
    }
    if (again.isEmpty()) {
      return;
    }
    metrics.storageWriteRetry("opensearch");
    vertx.setTimer(delay, id -> {
      synchronized (this) {
        for (int i = again.size() - 1; i >= 0; i--) {
          queue.addFirst(again.get(i)); // ahead of newer actions: their writes have waited longest
          queuedBytes += again.get(i).lines().length;
        }
      }
      pump();
    });
  }

  private static long pause(int attempt) {
    return Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS << Math.min(attempt - 1, 10));
  }

  private void failAll(List<Item> items, Throwable cause) {
    for (Item it : items) {
      fail(it.write(), cause);
    }
  }

  private void fail(Write w, Throwable cause) {
    synchronized (this) {
      if (w.done) {
        return;
      }
      w.done = true;
    }
    metrics.storageWriteFailure("opensearch", cause instanceof StorageUnavailableException ? "unavailable"
        : cause instanceof OpenSearchException e ? e.type() : cause.getClass().getSimpleName());
    w.promise.tryFail(cause);
  }
}
