package io.weft.query.grpc;

import com.google.protobuf.MessageLite;
import io.weft.model.Span;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The messages of a streamed answer: each trace cut into messages of at most {@code maxSpans} spans and
 * {@code maxBytes} encoded bytes (unless one span alone is larger), encoded one at a time as the stream
 * asks for them, so a large trace never sits in memory as one huge message. A message never mixes two
 * traces: clients (Jaeger's own among them) join consecutive messages of the same trace back together.
 */
final class SpanChunks<M extends MessageLite> implements Iterator<M> {
  /**
   * Clients refuse larger messages by default: Go's and grpc-java's over 4 MiB, Vert.x's over 256 KiB.
   * Chunks stay below the smallest of them.
   */
  static final int MAX_BYTES = 240 * 1024;
  static final int MAX_SPANS = 500;

  private final Iterator<List<Span>> traces;
  private final Function<List<Span>, M> encode;
  private final int maxSpans;
  private final int maxBytes;
  private List<Span> trace = List.of();
  private int pos;
  private int target;

  SpanChunks(List<List<Span>> traces, Function<List<Span>, M> encode) {
    this(traces, encode, MAX_SPANS, MAX_BYTES);
  }

  SpanChunks(List<List<Span>> traces, Function<List<Span>, M> encode, int maxSpans, int maxBytes) {
    this.traces = traces.iterator();
    this.encode = encode;
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
    this.target = maxSpans;
  }

  @Override
  public boolean hasNext() {
    while (pos == trace.size()) {
      if (!traces.hasNext()) {
        return false;
      }
      trace = traces.next();
      pos = 0;
    }
    return true;
  }

  @Override
  public M next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int n = Math.min(target, trace.size() - pos);
    M m = encode.apply(trace.subList(pos, pos + n));
    while (m.getSerializedSize() > maxBytes && n > 1) {
      n = (n + 1) / 2;
      m = encode.apply(trace.subList(pos, pos + n));
    }
    pos += n;
    // Aim the next chunk at half the byte limit, from the bytes per span just seen, so retries stay rare.
    long perSpan = Math.max(1, m.getSerializedSize() / n);
    target = (int) Math.max(1, Math.min(maxSpans, maxBytes / 2 / perSpan));
    return m;
  }
}
