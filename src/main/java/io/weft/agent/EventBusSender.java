package io.weft.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBinaryCodec;
import io.weft.model.Span;
import java.util.List;

/**
 * Batches as {@link SpanBatch} requests to {@link SpanBatch#ADDRESS}. The event bus picks one consumer
 * per request, in this node or (clustered) any node with a collector, so batches spread over every
 * collector without the agent knowing them. No consumer, a timeout, or a retryable failure reply all
 * leave the batch to be retried.
 */
final class EventBusSender implements BatchSender {
  private final Vertx vertx;
  private final String format;
  private final DeliveryOptions options;
  private final String tenant;

  /** {@code tenant}: the agent's ({@code agent.tenant}), carried in each batch; empty for the collector's default. */
  EventBusSender(Vertx vertx, String format, long timeoutMs, String tenant) {
    this.vertx = vertx;
    this.format = format;
    this.tenant = tenant;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  @Override
  public EncodedBatch encode(List<Span> spans) {
    return new EncodedBatch(SpanBinaryCodec.encode(spans), spans.size());
  }

  @Override
  public Future<Void> send(EncodedBatch b) {
    return vertx.eventBus().request(SpanBatch.ADDRESS, new SpanBatch(b.bytes(), b.spans(), format, tenant), options)
        .transform(ar -> {
          if (ar.succeeded()) {
            return Future.succeededFuture();
          }
          if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
              && re.failureCode() == SpanBatch.REFUSED) {
            return Future.failedFuture(new Refused(re.getMessage()));
          }
          return Future.failedFuture(ar.cause());
        });
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
