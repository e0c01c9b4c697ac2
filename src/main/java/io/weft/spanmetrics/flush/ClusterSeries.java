package io.weft.spanmetrics.flush;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.weft.wire.ByteSource;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.DeltaCodec;
import io.weft.storage.memory.MemorySeriesStore;
import io.weft.wire.ByteSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clustered in-memory storage: every member keeps every member's span metrics, so a collector's
 * death loses only what it had not flushed, and any member answers queries alone. A flush is
 * published to all members ({@link #sink}); a member joining asks one that is already there for a
 * copy of its store, and applies the flushes that arrived meanwhile unless the copy holds them.
 */
public final class ClusterSeries {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSeries.class);
  static final String DELTAS = "weft.spanmetrics.deltas";
  private static final long SNAPSHOT_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final String self;
  private final MemorySeriesStore store;
  private final long stepMs;
  /** Flushes received before the copy was restored; null once restored. */
  private List<Delta> early = new ArrayList<>();

  public ClusterSeries(Vertx vertx, String self, MemorySeriesStore store, long stepMs) {
    this.vertx = vertx;
    this.self = self;
    this.store = store;
    this.stepMs = stepMs;
  }

  static String snapshotAddress(String member) {
    return "weft.node." + member + ".spanmetrics.snapshot";
  }

  /** Publishes each flush to every member, this one included. */
  public SeriesSink sink() {
    return d -> {
      vertx.eventBus().publish(DELTAS, Buffer.buffer(DeltaCodec.encode(d)));
      return Future.succeededFuture();
    };
  }

  /**
   * Starts taking flushes and serving copies; then fetches a copy from another member ({@code
   * others} lists them; none: this member starts empty). Never fails: without a copy the member
   * holds what arrives from now on.
   */
  public Future<Void> join(Supplier<List<String>> others) {
    MessageConsumer<Buffer> deltas = vertx.eventBus().consumer(DELTAS, msg -> receive(msg.body().getBytes()));
    MessageConsumer<Buffer> copies = vertx.eventBus().consumer(snapshotAddress(self),
        msg -> vertx.executeBlocking(() -> encodeSnapshot(store.snapshot(stepMs)), false)
            .onSuccess(b -> msg.reply(Buffer.buffer(b)))
            .onFailure(err -> msg.fail(500, err.getMessage())));
    return Future.all(deltas.completion(), copies.completion()).compose(v -> fetchCopy(others.get())).recover(err -> {
      LOG.info("span metrics: no copy from another member ({}); holding what arrives from now on", err.getMessage());
      restored();
      return Future.succeededFuture();
    });
  }

  private Future<Void> fetchCopy(List<String> others) {
    List<String> candidates = new ArrayList<>(others);
    candidates.remove(self);
    if (candidates.isEmpty()) {
      restored();
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    tryCopy(candidates, 0, done);
    return done.future();
  }

  private void tryCopy(List<String> members, int i, Promise<Void> done) {
    if (i >= members.size()) {
      done.fail("no member answered");
      return;
    }
    vertx.eventBus().<Buffer>request(snapshotAddress(members.get(i)), Buffer.buffer(),
            new DeliveryOptions().setSendTimeout(SNAPSHOT_TIMEOUT_MS))
        .compose(reply -> vertx.executeBlocking(() -> {
          MemorySeriesStore.Snapshot s = decodeSnapshot(reply.body().getBytes());
          store.restore(s);
          return s.contents().buckets().size();
        }, true))
        .onSuccess(n -> {
          LOG.info("span metrics: copied {} bucket(s) from member {}", n, members.get(i));
          restored();
          done.complete();
        })
        .onFailure(err -> tryCopy(members, i + 1, done));
  }

  private void receive(byte[] bytes) {
    Delta d;
    try {
      d = DeltaCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("span metrics: undecodable flush on {}: {}", DELTAS, e.getMessage());
      return;
    }
    synchronized (this) {
      if (early != null) {
        early.add(d);
        return;
      }
    }
    vertx.executeBlocking(() -> store.apply(d), true);
  }

  private void restored() {
    List<Delta> pending;
    synchronized (this) {
      pending = early;
      early = null;
    }
    if (pending != null && !pending.isEmpty()) {
      vertx.executeBlocking(() -> {
        for (Delta d : pending) {
          store.apply(d); // skips those the copy holds
        }
        return null;
      }, true);
    }
  }

  static byte[] encodeSnapshot(MemorySeriesStore.Snapshot s) {
    ByteSink out = new ByteSink(4096);
    byte[] contents = DeltaCodec.encode(s.contents());
    out.writeUVarint(contents.length);
    out.write(contents);
    out.writeUVarint(s.ids().size());
    for (String id : s.ids()) {
      byte[] b = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeUVarint(b.length);
      out.write(b);
    }
    return out.toByteArray();
  }

  static MemorySeriesStore.Snapshot decodeSnapshot(byte[] bytes) {
    ByteSource in = new ByteSource(bytes);
    Delta contents = DeltaCodec.decode(in.readBytes());
    int n = in.readLength();
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(in.readString());
    }
    return new MemorySeriesStore.Snapshot(contents, ids);
  }
}
