package io.weft.storage.live;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.weft.wire.Addresses;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether anyone may receive live spans from this node, so that {@link LiveSpanWriter} can skip its
 * work (grouping by service, a publish per address) while nobody watches: it was 7% of an ingester's CPU.
 *
 * <p>Every event-bus consumer of a node, whoever registers it (the browser and TCP bridges for their
 * clients, {@code WeftClient.live}, any code in the JVM), is registered through Vert.x, which reports it
 * to the event bus's metrics SPI as it registers; this observes those reports (see
 * {@code VertxMetricsGuard}) and counts the consumers of live addresses. Only an unclustered node can
 * know it has no watcher: in a cluster another member's consumer is not reported here, so a clustered
 * node always publishes. Nor does a node that is not observed (a Vert.x built without the observer).
 * A watcher registered before a write sees that write's spans.
 */
public final class LiveWatchers {
  private final AtomicInteger consumers = new AtomicInteger();
  private volatile boolean observing;

  /** The event bus's metrics with this watching them; Vert.x calls it once, when it builds the event bus. */
  public <H> EventBusMetrics<?> observe(EventBusMetrics<H> inner) {
    observing = true;
    return new Observer<>(inner);
  }

  /** False only when certainly no one can receive a publish on a live address of {@code vertx}'s bus. */
  public boolean anyoneMayWatch(Vertx vertx) {
    return !observing || vertx.isClustered() || consumers.get() > 0;
  }

  /** Local consumers of live addresses now. */
  public int localConsumers() {
    return consumers.get();
  }

  /** A consumer's metric as Vert.x holds it: the inner metrics' handle, and whether it counted. */
  private record Handle<H>(H inner, boolean live) {}

  private final class Observer<H> implements EventBusMetrics<Handle<H>> {
    private final EventBusMetrics<H> inner;

    Observer(EventBusMetrics<H> inner) {
      this.inner = inner;
    }

    @Override
    public Handle<H> handlerRegistered(String address) {
      boolean live = Addresses.isLive(address);
      if (live) {
        consumers.incrementAndGet();
      }
      return new Handle<>(inner == null ? null : inner.handlerRegistered(address), live);
    }

    @Override
    public void handlerUnregistered(Handle<H> handler) {
      if (handler == null) {
        return;
      }
      if (handler.live()) {
        consumers.decrementAndGet();
      }
      if (inner != null) {
        inner.handlerUnregistered(handler.inner());
      }
    }

    @Override
    public void scheduleMessage(Handle<H> handler, boolean local) {
      if (inner != null) {
        inner.scheduleMessage(handler == null ? null : handler.inner(), local);
      }
    }

    @Override
    public void discardMessage(Handle<H> handler, boolean local, Message<?> msg) {
      if (inner != null) {
        inner.discardMessage(handler == null ? null : handler.inner(), local, msg);
      }
    }

    @Override
    public void messageDelivered(Handle<H> handler, boolean local) {
      if (inner != null) {
        inner.messageDelivered(handler == null ? null : handler.inner(), local);
      }
    }

    @Override
    public void messageSent(String address, boolean publish, boolean local, boolean remote) {
      if (inner != null) {
        inner.messageSent(address, publish, local, remote);
      }
    }

    @Override
    public void messageReceived(String address, boolean publish, boolean local, int handlers) {
      if (inner != null) {
        inner.messageReceived(address, publish, local, handlers);
      }
    }

    @Override
    public void messageWritten(String address, int numberOfBytes) {
      if (inner != null) {
        inner.messageWritten(address, numberOfBytes);
      }
    }

    @Override
    public void messageRead(String address, int numberOfBytes) {
      if (inner != null) {
        inner.messageRead(address, numberOfBytes);
      }
    }

    @Override
    public void replyFailure(String address, ReplyFailure failure) {
      if (inner != null) {
        inner.replyFailure(address, failure);
      }
    }

    @Override
    public void close() {
      if (inner != null) {
        inner.close();
      }
    }
  }
}
