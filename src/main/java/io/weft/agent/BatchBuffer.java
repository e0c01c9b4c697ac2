package io.weft.agent;

import java.util.ArrayDeque;

/**
 * The batches waiting for a collector, bounded in spans and in bytes. When full, the oldest batches
 * go first: the newest spans are the ones an operator looks for after an outage. Callers count what
 * {@link #addLast}/{@link #addFirst} report dropped. Used from the agent's event loop only.
 */
final class BatchBuffer {
  private final ArrayDeque<EncodedBatch> queue = new ArrayDeque<>();
  private final long maxSpans;
  private final long maxBytes;
  private volatile long spans; // volatile: read by the metrics scrape on another thread
  private volatile long bytes;

  BatchBuffer(long maxSpans, long maxBytes) {
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
  }

  /** A new batch; returns the spans dropped (oldest first) to make room. */
  long addLast(EncodedBatch b) {
    queue.addLast(b);
    grow(b);
    return trim();
  }

  /** A batch back from a failed send: it is the oldest, so it goes first, and is dropped first if full. */
  long addFirst(EncodedBatch b) {
    queue.addFirst(b);
    grow(b);
    return trim();
  }

  EncodedBatch poll() {
    EncodedBatch b = queue.pollFirst();
    if (b != null) {
      spans -= b.spans();
      bytes -= b.bytes().length;
    }
    return b;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  long spans() {
    return spans;
  }

  long bytes() {
    return bytes;
  }

  private void grow(EncodedBatch b) {
    spans += b.spans();
    bytes += b.bytes().length;
  }

  private long trim() {
    long dropped = 0;
    while ((spans > maxSpans || bytes > maxBytes) && !queue.isEmpty()) {
      dropped += poll().spans();
    }
    return dropped;
  }
}
