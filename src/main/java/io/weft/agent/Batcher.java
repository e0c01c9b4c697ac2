package io.weft.agent;

import io.weft.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Collects spans into batches of {@code maxSpans}; the agent also calls {@link #flush} every batch
 * interval, so no span waits longer than that for company. Used from the agent's event loop only.
 */
final class Batcher {
  private final int maxSpans;
  private final Function<List<Span>, EncodedBatch> encoder;
  private final Consumer<EncodedBatch> out;
  private List<Span> open;

  Batcher(int maxSpans, Function<List<Span>, EncodedBatch> encoder, Consumer<EncodedBatch> out) {
    this.maxSpans = maxSpans;
    this.encoder = encoder;
    this.out = out;
    this.open = new ArrayList<>(maxSpans);
  }

  void add(List<Span> spans) {
    for (Span s : spans) {
      open.add(s);
      if (open.size() >= maxSpans) {
        flush();
      }
    }
  }

  void flush() {
    if (open.isEmpty()) {
      return;
    }
    List<Span> batch = open;
    open = new ArrayList<>(maxSpans);
    EncodedBatch encoded = encoder.apply(batch);
    if (encoded != null) { // null: the encoder could not encode it, and counted the loss
      out.accept(encoded);
    }
  }

  int pending() {
    return open.size();
  }
}
