package io.weft.sampling.adaptive;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where adaptive sampling keeps its state (Jaeger's {@code samplingstore}): every collector's
 * throughput per interval, and the probabilities the leader calculated, so that any node serves them
 * and a restarted or new leader continues from them. Memory on a lone node; Hazelcast maps in a
 * cluster with in-memory storage; Cassandra tables (with TTLs) when spans go to Cassandra.
 */
public interface SamplingStore {
  /**
   * One collector's counts for the interval that ends at {@code atMs} (Jaeger stamps them with the
   * time of the write; Weft with the interval's end, so every collector's record for an interval
   * falls in the same window of the leader's read, whatever the moment each one flushed).
   */
  Future<Void> insertThroughput(List<Throughput> throughput, long atMs);

  /** Every collector's records stamped in (startMs, endMs]. */
  Future<List<Throughput>> getThroughput(long startMs, long endMs);

  /** The leader's latest result, with who calculated it. */
  Future<Void> insertProbabilities(String host, Probabilities probabilities);

  /** The latest result, or {@link Probabilities#NONE}. */
  Future<Probabilities> getLatestProbabilities();
}
