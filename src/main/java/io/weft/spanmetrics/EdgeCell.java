package io.weft.spanmetrics;

import io.weft.wire.ByteSource;
import io.weft.wire.ByteSink;

/** What one service-graph edge saw in one time bucket: requests, failed requests, and the server-side latency. */
public final class EdgeCell {
  private double failed;
  private final LatencySketch latency;

  public EdgeCell() {
    this(0, new LatencySketch());
  }

  private EdgeCell(double failed, LatencySketch latency) {
    this.failed = failed;
    this.latency = latency;
  }

  public void add(long durationMicros, boolean fail, double weight) {
    if (fail) {
      failed += weight;
    }
    latency.add(durationMicros, weight);
  }

  public void merge(EdgeCell o) {
    failed += o.failed;
    latency.merge(o.latency);
  }

  public double calls() {
    return latency.count();
  }

  public double failed() {
    return failed;
  }

  public LatencySketch latency() {
    return latency;
  }

  public void writeTo(ByteSink out) {
    out.writeFixed64(Double.doubleToLongBits(failed));
    latency.writeTo(out);
  }

  public static EdgeCell readFrom(ByteSource in) {
    double failed = Double.longBitsToDouble(in.readFixed64());
    return new EdgeCell(failed, LatencySketch.readFrom(in));
  }
}
