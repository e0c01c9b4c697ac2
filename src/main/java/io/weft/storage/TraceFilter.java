package io.weft.storage;

import io.weft.model.Span;
import java.util.List;

/**
 * A test of one whole trace that a store runs where the spans are (a TraceQL query). Its
 * {@link #expression()} lets a store send it to other nodes, which compile it back with the
 * compiler they were given ({@link io.weft.storage.spread.StoreService}).
 */
public interface TraceFilter {
  boolean test(List<Span> trace);

  /** The filter as query text. */
  String expression();
}
