package io.weft.storage;

import java.util.Objects;

/**
 * A search by a trace filter. {@code candidates} says what a trace must have to be worth testing,
 * in {@link TraceQuery}'s terms: one span with its service (optional), operation, tags and
 * duration, and a start within its time range; its limit is how many matching traces to return.
 * These are necessary conditions of the filter, so a store prunes with its indexes and tests only
 * what remains, newest first, until it has {@code limit} traces or has tested {@code budget}
 * candidates (0: the store's own bound). Stopping at the budget makes the answer partial.
 */
public record TraceScan(TraceQuery candidates, TraceFilter filter, int budget) {
  public TraceScan {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(filter, "filter");
    if (budget < 0) {
      throw new IllegalArgumentException("budget must not be negative: " + budget);
    }
  }

  /** The budget, or {@code storeDefault} when the scan leaves it to the store. */
  public int budgetOr(int storeDefault) {
    return budget == 0 ? storeDefault : Math.min(budget, storeDefault);
  }
}
