package io.weft.storage;

import io.vertx.core.Future;

/** A backend: writer and reader over the same data, closed when the node stops. */
public interface SpanStore extends SpanWriter, SpanReader {
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
