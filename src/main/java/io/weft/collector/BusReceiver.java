package io.weft.collector;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.weft.wire.SpanBatch;
import io.weft.codec.CodecException;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.tenant.TenantRefusedException;
import io.weft.tenant.TenantResolver;
import java.util.List;

/**
 * Batches from agents over the event bus ({@link SpanBatch#ADDRESS}), through the same pipeline as
 * every other receiver. The reply is the acknowledgement the agent waits for: success once the spans
 * are stored, or a failure whose code says whether to retry ({@link SpanBatch#RETRY}: queue full,
 * storage failed, over the tenant's limit) or give up ({@link SpanBatch#REFUSED}: undecodable, a tenant
 * refused). The tenant is the batch's ({@code agent.tenant}), checked like a request's.
 */
final class BusReceiver {
  static final String RECEIVER = "agent";

  private BusReceiver() {}

  static MessageConsumer<SpanBatch> register(Vertx vertx, SpanProcessor processor, WeftMetrics metrics,
      TenantResolver tenants) {
    return vertx.eventBus().consumer(SpanBatch.ADDRESS, msg -> handle(msg, processor, metrics, tenants));
  }

  private static void handle(Message<SpanBatch> msg, SpanProcessor processor, WeftMetrics metrics,
      TenantResolver tenants) {
    SpanBatch batch = msg.body();
    String tenant;
    try {
      tenant = tenants.check(batch.tenant());
    } catch (TenantRefusedException e) {
      metrics.requestRejected(RECEIVER, "tenant");
      msg.fail(SpanBatch.REFUSED, e.getMessage());
      return;
    }
    List<Span> spans;
    try {
      spans = batch.decode();
    } catch (CodecException | IllegalArgumentException e) {
      metrics.requestRejected(RECEIVER, "undecodable");
      msg.fail(SpanBatch.REFUSED, "cannot decode span batch: " + e.getMessage());
      return;
    }
    processor.process(tenant, batch.payload().length, spans, RECEIVER, batch.format(), null)
        .onSuccess(r -> msg.reply(new JsonObject().put("accepted", r.accepted()).put("rejected", r.rejections().size())))
        .onFailure(err -> {
          if (!(err instanceof SpanProcessor.QueueFullException)
              && !(err instanceof io.weft.tenant.RateLimitedException)) {
            metrics.requestRejected(RECEIVER, "storage-error");
          }
          msg.fail(SpanBatch.RETRY, String.valueOf(err.getMessage()));
        });
  }
}
