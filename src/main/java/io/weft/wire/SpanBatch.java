package io.weft.wire;

import io.weft.model.Span;
import java.util.List;

/**
 * A batch of spans on the event bus, from an agent to whichever collector consumes {@link #ADDRESS}:
 * the spans as one {@link SpanBinaryCodec} message, so the bytes that wait in an agent's buffer are
 * the bytes that cross the cluster. {@code format} is the wire format the spans arrived in (the
 * collector's {@code internal.span.format} tag); {@code tenant} the tenant the agent was configured with
 * ({@code agent.tenant}; empty: the collector's default tenant).
 */
public record SpanBatch(byte[] payload, int spans, String format, String tenant) {
  public SpanBatch {
    tenant = tenant == null ? "" : tenant;
  }

  public SpanBatch(byte[] payload, int spans, String format) {
    this(payload, spans, format, "");
  }

  /** Collectors consume here; point-to-point, so a cluster spreads batches over its collectors. */
  public static final String ADDRESS = "weft.collector.spans";

  /** Reply failure code of a batch that will never be accepted (undecodable): the agent drops it. */
  public static final int REFUSED = 400;
  /** Reply failure code of a batch refused for now (queue full, storage down): the agent retries it. */
  public static final int RETRY = 503;

  public static SpanBatch of(List<Span> spans, String format) {
    return new SpanBatch(SpanBinaryCodec.encode(spans), spans.size(), format);
  }

  public List<Span> decode() {
    return SpanBinaryCodec.decode(payload);
  }
}
