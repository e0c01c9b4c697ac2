package io.weft.storage;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.List;

/**
 * Archive storage (Jaeger's): copies of traces a user chose to keep, held apart from the primary
 * store and its retention, read back by trace id only. Writing a span again is harmless.
 */
public interface ArchiveStore extends SpanWriter {

  /** Every archived span of the trace; empty when none. */
  Future<List<Span>> getTrace(TraceId traceId);

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /** An archive made of any writer and reader (a memory store of its own, or one spread over a cluster). */
  static ArchiveStore of(SpanWriter writer, SpanReader reader) {
    return new ArchiveStore() {
      @Override
      public Future<Void> write(List<Span> spans) {
        return writer.write(spans);
      }

      @Override
      public Future<List<Span>> getTrace(TraceId traceId) {
        return reader.getTrace(traceId);
      }
    };
  }
}
