package io.weft.spanmetrics;

import io.weft.wire.ByteSource;
import io.weft.wire.ByteSink;

/**
 * What one series saw in one time bucket: calls (weighted by head-sampling) and their latency
 * distribution, whose count is the calls. Errors are the calls of the series whose status is
 * ERROR. Not thread-safe.
 */
public final class Cell {
  private final LatencySketch latency;

  public Cell() {
    this(new LatencySketch());
  }

  private Cell(LatencySketch latency) {
    this.latency = latency;
  }

  public void add(long durationMicros, double weight) {
    latency.add(durationMicros, weight);
  }

  public void merge(Cell o) {
    latency.merge(o.latency);
  }

  public void subtract(Cell o) {
    latency.subtract(o.latency);
  }

  public double calls() {
    return latency.count();
  }

  public LatencySketch latency() {
    return latency;
  }

  public void writeTo(ByteSink out) {
    latency.writeTo(out);
  }

  public static Cell readFrom(ByteSource in) {
    return new Cell(LatencySketch.readFrom(in));
  }
}
