package io.weft.spanmetrics.flush;

import io.vertx.core.Future;
import io.weft.spanmetrics.Delta;

/** Where a node's flushed deltas go: the store, every member of a cluster, or Kafka. */
public interface SeriesSink {
  /** Succeeds once the delta is as safe as this sink makes it; the flusher retries a failure. */
  Future<Void> write(Delta delta);
}
