package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Checks what was stored against what was sent: every error and slow trace, 5% ± 1 point of the rest, all whole. */
final class StoredTraces {
  private StoredTraces() {}

  /** {@code stored}: trace id (hex, 32 digits) → spans stored. */
  static void check(TailTraffic sent, Map<String, Integer> stored) {
    Set<String> partial = new HashSet<>();
    stored.forEach((id, spans) -> {
      if (spans != TailTraffic.SPANS_PER_TRACE) {
        partial.add(id + " (" + spans + " spans)");
      }
    });
    assertEquals(Set.of(), partial, "traces stored partly");
    Set<String> missingErrors = new HashSet<>(sent.errors);
    missingErrors.removeAll(stored.keySet());
    Set<String> missingSlow = new HashSet<>(sent.slow);
    missingSlow.removeAll(stored.keySet());
    assertEquals(Set.of(), missingErrors, "error traces not stored (of " + sent.errors.size() + ")");
    assertEquals(Set.of(), missingSlow, "slow traces not stored (of " + sent.slow.size() + ")");
    long restKept = sent.rest.stream().filter(stored::containsKey).count();
    Set<String> unknown = new HashSet<>(stored.keySet());
    unknown.removeAll(sent.errors);
    unknown.removeAll(sent.slow);
    unknown.removeAll(sent.rest);
    assertEquals(Set.of(), unknown, "stored traces this run did not send");
    double pct = 100.0 * restKept / sent.rest.size();
    System.out.printf("stored: %d error, %d slow, %d of %d others (%.2f%%), all whole%n", sent.errors.size(),
        sent.slow.size(), restKept, sent.rest.size(), pct);
    assertTrue(Math.abs(pct - 5) <= 1, "5% ± 1 point of the other traces, got " + pct);
  }
}
