package io.weft.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.sampling.adaptive.LeaderLease;
import io.weft.sampling.adaptive.Probabilities;
import io.weft.sampling.adaptive.SamplingCsv;
import io.weft.sampling.adaptive.SamplingStore;
import io.weft.sampling.adaptive.Throughput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Adaptive sampling's store and lease in a cluster whose spans are in memory: Hazelcast maps, which
 * keep a backup copy on another member, so neither a member's death nor its restart loses them.
 * Throughput rows expire by TTL. The lease is an entry holding the leader's member id with a TTL,
 * taken and renewed atomically on its partition (an entry processor); a holder that is no longer a
 * member loses it at once, and a member leaving makes followers try at once, so a dead leader is
 * replaced within about a second rather than after the lease's TTL.
 */
public final class ClusterSamplingStore implements SamplingStore, LeaderLease {
  static final String THROUGHPUT_MAP = "weft.sampling.throughput";
  static final String PROBABILITIES_MAP = "weft.sampling.probabilities";
  static final String LEASE_MAP = "weft.sampling.lease";
  private static final String LEASE_KEY = "adaptive";
  private static final String LATEST = "latest";

  private final Vertx vertx;
  private final Membership membership;
  private final HazelcastInstance hz;
  private final long throughputTtlMs;

  ClusterSamplingStore(Vertx vertx, Membership membership, HazelcastInstance hz, long throughputTtlMs) {
    this.vertx = vertx;
    this.membership = membership;
    this.hz = hz;
    this.throughputTtlMs = throughputTtlMs;
  }

  private IMap<String, String> map(String name) {
    return hz.getMap(name);
  }

  @Override
  public Future<Void> insertThroughput(List<Throughput> throughput, long atMs) {
    String key = membership.selfId() + "/" + atMs;
    String value = SamplingCsv.throughput(throughput);
    return vertx.executeBlocking(() -> {
      map(THROUGHPUT_MAP).put(key, value, throughputTtlMs, TimeUnit.MILLISECONDS);
      return null;
    }, false);
  }

  @Override
  public Future<List<Throughput>> getThroughput(long startMs, long endMs) {
    return vertx.executeBlocking(() -> {
      List<Throughput> out = new ArrayList<>();
      for (Map.Entry<String, String> e : map(THROUGHPUT_MAP).entrySet()) {
        long at = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('/') + 1));
        if (at > startMs && at <= endMs) {
          out.addAll(SamplingCsv.parseThroughput(e.getValue()));
        }
      }
      return out;
    }, false);
  }

  @Override
  public Future<Void> insertProbabilities(String host, Probabilities p) {
    String value = SamplingCsv.probabilities(p);
    return vertx.executeBlocking(() -> {
      map(PROBABILITIES_MAP).put(LATEST, value);
      return null;
    }, false);
  }

  @Override
  public Future<Probabilities> getLatestProbabilities() {
    return vertx.executeBlocking(() -> {
      String v = map(PROBABILITIES_MAP).get(LATEST);
      return v == null ? Probabilities.NONE : SamplingCsv.parseProbabilities(v);
    }, false);
  }

  @Override
  public Future<Boolean> acquire(String owner, long ttlMs) {
    Set<String> live = new HashSet<>();
    membership.members().forEach(n -> live.add(n.id()));
    return vertx.executeBlocking(() -> map(LEASE_MAP).executeOnKey(LEASE_KEY, new Take(owner, ttlMs, live)), false);
  }

  @Override
  public Future<Void> forfeit(String owner) {
    return vertx.executeBlocking(() -> {
      map(LEASE_MAP).remove(LEASE_KEY, owner);
      return null;
    }, false);
  }

  @Override
  public void onHolderGone(Runnable retry) {
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {}

      @Override
      public void memberRemoved(MembershipEvent e) {
        retry.run();
      }
    });
  }

  /** Runs on the lease entry's partition: takes a free, lapsed or orphaned lease, or renews one's own. */
  record Take(String owner, long ttlMs, Set<String> live)
      implements EntryProcessor<String, String, Boolean>, java.io.Serializable {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      String holder = entry.getValue();
      if (holder != null && !holder.equals(owner) && live.contains(holder)) {
        return false;
      }
      ((ExtendedMapEntry<String, String>) entry).setValue(owner, ttlMs, TimeUnit.MILLISECONDS);
      return true;
    }
  }
}
