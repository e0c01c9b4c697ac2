package io.weft.wire;

import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Spans of one trace together with the {@link SpanBinaryCodec} message they were decoded from (a
 * Kafka record value): a store that keeps span messages at rest may keep these bytes as they are
 * instead of encoding the spans again, and still index the decoded spans.
 *
 * @param traceId the trace every span belongs to
 * @param message the message holding exactly {@code spans}, in order; never changed afterwards
 * @param spans   the decoded spans
 */
public record EncodedTrace(TraceId traceId, byte[] message, List<Span> spans) {

  /**
   * The message and its decoded spans, or null when the spans do not all belong to one trace (a
   * message Weft's collectors do not write, but a valid one): such spans go the ordinary way.
   */
  public static EncodedTrace of(byte[] message, List<Span> spans) {
    if (spans.isEmpty() || spans.get(0).traceId() == null) {
      return null;
    }
    TraceId id = spans.get(0).traceId();
    for (int i = 1; i < spans.size(); i++) {
      if (!id.equals(spans.get(i).traceId())) {
        return null;
      }
    }
    return new EncodedTrace(id, message, spans);
  }

  /** Every span of the given traces, in order. */
  public static List<Span> spans(List<EncodedTrace> traces) {
    int n = 0;
    for (EncodedTrace t : traces) {
      n += t.spans.size();
    }
    List<Span> out = new ArrayList<>(n);
    for (EncodedTrace t : traces) {
      out.addAll(t.spans);
    }
    return out;
  }
}
