package io.weft.storage.cold;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanMatcher;
import io.weft.wire.SpanBinaryCodec;
import java.util.List;

/**
 * One trace on its way into a block, held as its rows (one {@link SpanBinaryCodec} message) rather than
 * as objects, so a window of many traces stays small in memory; decoded again when the block is built.
 */
record EncodedTrace(TraceId id, long start, int spans, String rootService, byte[] message) {

  static EncodedTrace of(List<Span> spans) {
    Span root = spans.get(0);
    for (Span s : spans) {
      if (s.startTimeMicros() < root.startTimeMicros()) {
        root = s;
      }
    }
    return new EncodedTrace(root.traceId(), SpanMatcher.traceStart(spans), spans.size(),
        root.serviceName() == null ? "" : root.serviceName(), SpanBinaryCodec.encode(spans));
  }

  List<Span> decode() {
    return SpanBinaryCodec.decode(message);
  }
}
