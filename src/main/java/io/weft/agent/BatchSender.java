package io.weft.agent;

import io.vertx.core.Future;
import io.weft.model.Span;
import java.util.List;

/** Where the agent's batches go: the cluster's collectors over the event bus, or one over OTLP gRPC. */
interface BatchSender {

  /** Encodes when the batch is sealed, so the bytes waiting in the buffer are the bytes sent. */
  EncodedBatch encode(List<Span> spans);

  /**
   * Succeeds when a collector acknowledged the batch. Fails with {@link Refused} when no collector will
   * ever take it (it is dropped and counted); any other failure means "not now" and the batch is retried.
   */
  Future<Void> send(EncodedBatch batch);

  Future<Void> close();

  /** The collector refused the batch for good (it could not decode it). */
  final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
