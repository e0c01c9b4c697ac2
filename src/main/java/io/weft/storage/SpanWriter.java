package io.weft.storage;

import io.vertx.core.Future;
import io.weft.model.Span;
import java.util.List;

/**
 * Writes spans. The returned future completes only once the backend holds the spans durably
 * (for memory: once they are indexed), so a collector may acknowledge its sender then.
 * Writing the same span twice is harmless.
 */
public interface SpanWriter {
  Future<Void> write(List<Span> spans);
}
