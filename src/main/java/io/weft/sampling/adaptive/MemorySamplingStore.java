package io.weft.sampling.adaptive;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A lone node's sampling store and lease, in memory: a restart starts from the initial probability,
 * as Jaeger's memory store does. The node is always the leader.
 */
public final class MemorySamplingStore implements SamplingStore, LeaderLease {
  private record Stamped(long atMs, List<Throughput> throughput) {}

  private final long ttlMs;
  private final List<Stamped> throughput = new ArrayList<>();
  private volatile Probabilities latest = Probabilities.NONE;

  public MemorySamplingStore(long throughputTtlMs) {
    this.ttlMs = throughputTtlMs;
  }

  @Override
  public synchronized Future<Void> insertThroughput(List<Throughput> list, long atMs) {
    long now = System.currentTimeMillis();
    throughput.add(new Stamped(atMs, List.copyOf(list)));
    for (Iterator<Stamped> it = throughput.iterator(); it.hasNext(); ) {
      if (it.next().atMs < now - ttlMs) {
        it.remove();
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<Throughput>> getThroughput(long startMs, long endMs) {
    List<Throughput> out = new ArrayList<>();
    for (Stamped s : throughput) {
      if (s.atMs > startMs && s.atMs <= endMs) {
        out.addAll(s.throughput);
      }
    }
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Void> insertProbabilities(String host, Probabilities p) {
    latest = p;
    return Future.succeededFuture();
  }

  @Override
  public Future<Probabilities> getLatestProbabilities() {
    return Future.succeededFuture(latest);
  }

  @Override
  public Future<Boolean> acquire(String owner, long ttlMs) {
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> forfeit(String owner) {
    return Future.succeededFuture();
  }
}
