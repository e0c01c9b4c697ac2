package io.weft.storage;

import io.weft.model.Span;
import java.util.List;

/**
 * What a {@link TraceScan} found: matching traces, newest first; how many candidate traces it
 * tested; and, when it stopped before looking at every candidate, why ({@code partial}, else null).
 */
public record ScanResult(List<List<Span>> traces, long examined, String partial) {
  public ScanResult {
    traces = List.copyOf(traces);
  }

  public boolean isPartial() {
    return partial != null;
  }
}
