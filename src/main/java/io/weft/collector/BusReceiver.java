package io.weft.collector;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.weft.wire.SpanBatch;
import io.weft.codec.CodecException;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import java.util.List;

/**
 * Batches from agents over the event bus ({@link SpanBatch#ADDRESS}), through the same pipeline as
 * every other receiver. The reply is the acknowledgement the agent waits for: success once the spans
 * are stored, or a failure whose code says whether to retry ({@link SpanBatch#RETRY}: queue full,
 * storage failed) or give up ({@link SpanBatch#REFUSED}: undecodable).
 */
final class BusReceiver {
  static final String RECEIVER = "agent";

  private BusReceiver() {}

  static MessageConsumer<SpanBatch> register(Vertx vertx, SpanProcessor processor, WeftMetrics metrics) {
    return vertx.eventBus().consumer(SpanBatch.ADDRESS, msg -> handle(msg, processor, metrics));
  }

  private static void handle(Message<SpanBatch> msg, SpanProcessor processor, WeftMetrics metrics) {
    SpanBatch batch = msg.body();
    List<Span> spans;
    try {
      spans = batch.decode();
    } catch (CodecException | IllegalArgumentException e) {
      metrics.requestRejected(RECEIVER, "undecodable");
      msg.fail(SpanBatch.REFUSED, "cannot decode span batch: " + e.getMessage());
      return;
    }
    processor.process(spans, RECEIVER, batch.format(), null)
        .onSuccess(r -> msg.reply(new JsonObject().put("accepted", r.accepted()).put("rejected", r.rejections().size())))
        .onFailure(err -> {
          if (!(err instanceof SpanProcessor.QueueFullException)) {
            metrics.requestRejected(RECEIVER, "storage-error");
          }
          msg.fail(SpanBatch.RETRY, String.valueOf(err.getMessage()));
        });
  }
}
