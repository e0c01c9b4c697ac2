package io.weft.storage;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.wire.EncodedTrace;
import java.util.List;

/**
 * Writes spans. The returned future completes only once the backend holds the spans durably
 * (for memory: once they are indexed), so a collector may acknowledge its sender then.
 * Writing the same span twice is harmless.
 */
public interface SpanWriter {
  Future<Void> write(List<Span> spans);

  /**
   * Writes spans that arrive with their encoded message (an ingester's Kafka records), with the same
   * guarantees as {@link #write}. A backend that keeps span messages at rest stores the bytes as they
   * are instead of encoding the spans again; a layer passes them on. By default: {@link #write}.
   */
  default Future<Void> writeEncoded(List<EncodedTrace> traces) {
    return write(EncodedTrace.spans(traces));
  }

  /**
   * Records the dependency links these spans make, exactly as {@link #write} would have counted them
   * (a trace's spans may come in several calls), without storing the spans: they are not found, read
   * or listed afterwards. Tail sampling calls it for the traces it drops, so the dependency graph
   * counts every trace, not only the kept ones. Recording the same spans twice is harmless where a
   * write is. A backend that derives dependencies implements it and a decorator passes it on; this
   * default refuses, so a missing implementation shows as a counted failure rather than a silent gap.
   */
  default Future<Void> writeLinksOnly(List<Span> spans) {
    return Future.failedFuture(new UnsupportedOperationException(getClass().getSimpleName()
        + " does not record dependency links apart from spans"));
  }
}
