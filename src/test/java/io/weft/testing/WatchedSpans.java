package io.weft.testing;

import io.vertx.core.Context;
import io.weft.model.Span;
import java.util.AbstractList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spans that note each read and the event-loop threads it happened on: what tests of "no batch-sized
 * work on an event loop" hand to the code under test.
 */
public final class WatchedSpans extends AbstractList<Span> {
  public final AtomicInteger reads = new AtomicInteger();
  public final Set<String> readOnLoop = ConcurrentHashMap.newKeySet();
  private final List<Span> spans;

  public WatchedSpans(List<Span> spans) {
    this.spans = spans;
  }

  @Override
  public Span get(int index) {
    reads.incrementAndGet();
    if (Context.isOnEventLoopThread()) {
      readOnLoop.add(Thread.currentThread().getName());
    }
    return spans.get(index);
  }

  @Override
  public int size() {
    return spans.size();
  }
}
