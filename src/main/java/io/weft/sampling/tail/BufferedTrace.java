package io.weft.sampling.tail;

import io.weft.model.Span;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace waiting in the {@link TailSampler}'s buffer. Its spans are kept encoded ({@link SpanBinaryCodec},
 * one chunk per arrival, whose string table stores a trace's repeated names once): a few hundred bytes a
 * span instead of the kilobyte decoded spans hold; they are decoded when the trace is decided.
 */
final class BufferedTrace {
  /** The heap of a trace besides its chunks: map node, key (tenant, id), entry, lists, its partition queue's slot. */
  static final long ENTRY_BYTES = 200;
  /** The heap of a chunk besides its bytes: array header, list slot. */
  static final long CHUNK_BYTES = 24;
  static final long NO_RECORD_TIME = Long.MIN_VALUE;

  /** Whose trace, and its id. */
  final TailSampler.Key key;
  final long firstNanos;
  /** The Kafka partition its spans were read from, else null (a collector's spans). */
  final Object partition;
  private final List<byte[]> chunks = new ArrayList<>(2);
  List<Runnable> waiters = List.of();
  int spans;
  long bytes = ENTRY_BYTES;
  /** The earliest record timestamp of its spans read from a partition (epoch ms), else NO_RECORD_TIME. */
  long firstRecordMs = NO_RECORD_TIME;
  /** Taken out of the buffer; its partition's queue drops it when it reaches the head. */
  boolean gone;

  BufferedTrace(TailSampler.Key key, long firstNanos, Object partition) {
    this.key = key;
    this.firstNanos = firstNanos;
    this.partition = partition;
  }

  /** Adds spans, encoded; the estimated heap that took (the trace's own overhead with its first chunk). */
  long append(List<Span> in) {
    long added = chunks.isEmpty() ? ENTRY_BYTES : 0;
    byte[] chunk = SpanBinaryCodec.encode(in);
    chunks.add(chunk);
    spans += in.size();
    bytes += chunk.length + CHUNK_BYTES;
    return added + chunk.length + CHUNK_BYTES;
  }

  /** Notes a record timestamp: the earliest counts (one partition's records from several producers are not in time order). */
  void recordTime(long ms) {
    firstRecordMs = firstRecordMs == NO_RECORD_TIME ? ms : Math.min(firstRecordMs, ms);
  }

  /** Adds a waiter unless it is the last one added (one batch, several arrivals); whether it was added. */
  boolean addWaiter(Runnable waiter) {
    if (!waiters.isEmpty() && waiters.get(waiters.size() - 1) == waiter) {
      return false;
    }
    if (waiters.isEmpty()) {
      waiters = new ArrayList<>(2);
    }
    waiters.add(waiter);
    return true;
  }

  List<Span> decode() {
    if (chunks.size() == 1) {
      return SpanBinaryCodec.decode(chunks.get(0));
    }
    List<Span> out = new ArrayList<>(spans);
    for (byte[] c : chunks) {
      out.addAll(SpanBinaryCodec.decode(c));
    }
    return out;
  }

  /** Decided: a trace may still wait in its partition's queue, its bytes go now. */
  void release() {
    chunks.clear();
  }
}
