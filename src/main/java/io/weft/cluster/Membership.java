package io.weft.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.weft.role.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster as Weft sees it: live Weft members (Hazelcast members carrying Weft's attributes; tools
 * joined as lite members are left out), the desired count per role (one entry of a Hazelcast map holding
 * every count, so every member reads the same counts and a change of several counts reaches all of
 * them as one event: per-role entries arrived one by one, and a member planning between them started
 * a role it stopped a moment later), and the members on their way
 * out (a map whose entries expire, so a member that dies while leaving is not excluded forever).
 * Both maps are mirrored locally from their entry events, so a plan after a crash never waits for
 * Hazelcast to re-home the maps' partitions; {@link #refresh} re-reads them (blocking) now and then
 * in case an event was missed.
 */
public final class Membership {
  static final String DESIRED_MAP = "weft.roles.desired";
  private static final String COUNTS = "counts";
  static final String LEAVING_MAP = "weft.members.leaving";
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  /** A live Weft member. */
  public record Node(String id, String address, String admin, NodeSpec spec, boolean local) {}

  /** Everything a plan is computed from, read at one moment. */
  public record Snapshot(List<Node> members, Map<Role, Integer> desired, Set<String> leaving) {
    /** The members a plan places roles on: the live ones not leaving. */
    public List<NodeSpec> staying() {
      List<NodeSpec> out = new ArrayList<>();
      for (Node n : members) {
        if (!leaving.contains(n.id())) {
          out.add(n.spec());
        }
      }
      return out;
    }

    public Assignment plan() {
      return Assignment.plan(staying(), desired);
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Membership.class);
  private final ClusterSecret secret;
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private volatile int refusedNow;
  private final HazelcastInstance hz;
  private final String selfId;
  private final IMap<String, String> desired;
  private final IMap<String, Long> leaving;
  private final Map<String, String> desiredMirror = new ConcurrentHashMap<>();
  private final Map<String, Long> leavingMirror = new ConcurrentHashMap<>();

  public Membership(HazelcastClusterManager manager) {
    this(manager, ClusterSecret.NONE);
  }

  /** Members that do not prove {@code secret} are left out: no roles, no spans, no queries. */
  public Membership(HazelcastClusterManager manager, ClusterSecret secret) {
    this.secret = secret;
    this.hz = manager.getHazelcastInstance();
    this.selfId = manager.getNodeId();
    this.desired = hz.getMap(DESIRED_MAP);
    this.leaving = hz.getMap(LEAVING_MAP);
  }

  /** Members present at the last look that do not prove the secret. */
  public int refusedCount() {
    return refusedNow;
  }

  public String selfId() {
    return selfId;
  }

  HazelcastInstance hazelcast() {
    return hz;
  }

  /**
   * Live Weft members, oldest first: Hazelcast's member list is in join order and the same on every
   * member. Reads the local copy of the list, does not block.
   */
  public List<Node> members() {
    List<Node> out = new ArrayList<>();
    int refusedCount = 0;
    for (Member m : hz.getCluster().getMembers()) {
      String id = m.getAttribute(VERTX_NODE_ID);
      if (!m.localMember() && !secret.verify(m)) {
        refusedCount++;
        if (refused.add(m.getUuid().toString())) {
          LOG.warn("member {} at {} does not prove the cluster secret: it gets no roles and no data", id,
              m.getAddress());
        }
        continue;
      }
      if (id == null || m.getAttribute(ClusterBoot.ATTR_NODE) == null) {
        continue;
      }
      int capacity = Integer.parseInt(m.getAttribute(ClusterBoot.ATTR_CAPACITY));
      NodeSpec spec = new NodeSpec(id, NodeSpec.parsePinned(m.getAttribute(ClusterBoot.ATTR_PINNED)), capacity,
          out.size());
      out.add(new Node(id, m.getAddress().getHost() + ":" + m.getAddress().getPort(),
          m.getAttribute(ClusterBoot.ATTR_ADMIN), spec, m.localMember()));
    }
    refusedNow = refusedCount;
    return out;
  }

  /** From the local mirrors; does not block. */
  public Snapshot snapshot() {
    return new Snapshot(members(), roles(decode(desiredMirror.get(COUNTS))), new TreeSet<>(leavingMirror.keySet()));
  }

  /** The entry holds role names (the same on every member); names this build does not know are left out. */
  private static Map<Role, Integer> roles(Map<String, Integer> byName) {
    Map<Role, Integer> out = new EnumMap<>(Role.class);
    byName.forEach((name, n) -> {
      Role r = Role.find(name);
      if (r != null) {
        out.put(r, n);
      }
    });
    return out;
  }

  /** {@code collector=2,query=1}, sorted by name so equal counts encode equally. */
  static String encode(Map<String, Integer> byName) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(byName).forEach((name, n) -> b.append(b.length() == 0 ? "" : ",").append(name).append('=').append(n));
    return b.toString();
  }

  static Map<String, Integer> decode(String counts) {
    Map<String, Integer> out = new TreeMap<>();
    if (counts != null && !counts.isEmpty()) {
      for (String pair : counts.split(",")) {
        int eq = pair.indexOf('=');
        out.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  /** Blocks. Changes the counts entry by compare-and-set, so concurrent changes of different roles both stay. */
  private void updateCounts(Map<Role, Integer> counts, boolean onlyAbsent) {
    while (true) {
      String old = desired.get(COUNTS);
      Map<String, Integer> next = decode(old);
      counts.forEach((r, n) -> {
        if (onlyAbsent) {
          next.putIfAbsent(r.id(), n);
        } else {
          next.put(r.id(), n);
        }
      });
      String value = encode(next);
      boolean done = old == null ? desired.putIfAbsent(COUNTS, value) == null
          : value.equals(old) || desired.replace(COUNTS, old, value);
      if (done) {
        desiredMirror.put(COUNTS, value);
        return;
      }
    }
  }

  /** Blocks. Re-reads both maps into the mirrors (entry events keep them current in between). */
  public void refresh() {
    Map<String, String> d = Map.copyOf(desired);
    Map<String, Long> l = Map.copyOf(leaving);
    desiredMirror.putAll(d);
    desiredMirror.keySet().retainAll(d.keySet());
    leavingMirror.putAll(l);
    leavingMirror.keySet().retainAll(l.keySet());
  }

  /** Blocks. Sets the given counts, leaving other roles' counts as they are. */
  public void setDesired(Map<Role, Integer> counts) {
    updateCounts(counts, false);
  }

  /** Blocks. Counts for roles the cluster has none for yet (the first node's --cluster.desired). */
  public void proposeDesired(Map<Role, Integer> counts) {
    updateCounts(counts, true);
  }

  /** Blocks. Others stop planning roles on this node; the mark expires in case this node dies while leaving. */
  public void markLeaving(long ttlMs) {
    leaving.put(selfId, System.currentTimeMillis(), Math.max(1000, ttlMs), TimeUnit.MILLISECONDS);
    leavingMirror.put(selfId, System.currentTimeMillis());
  }

  /** Calls {@code onChange} (on a Hazelcast thread) when members come or go, counts change, or a member starts leaving. */
  public void listen(Runnable onChange) {
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        onChange.run();
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        onChange.run();
      }
    });
    desired.addEntryListener(new Mirror<>(desiredMirror, onChange), true);
    leaving.addEntryListener(new Mirror<>(leavingMirror, onChange), true);
  }

  /** Applies a map's entry events to its local mirror, then reports the change. */
  private record Mirror<V>(Map<String, V> mirror, Runnable onChange) implements EntryAddedListener<String, V>,
      EntryUpdatedListener<String, V>, EntryRemovedListener<String, V>, EntryExpiredListener<String, V> {
    @Override
    public void entryAdded(EntryEvent<String, V> e) {
      mirror.put(e.getKey(), e.getValue());
      onChange.run();
    }

    @Override
    public void entryUpdated(EntryEvent<String, V> e) {
      mirror.put(e.getKey(), e.getValue());
      onChange.run();
    }

    @Override
    public void entryRemoved(EntryEvent<String, V> e) {
      mirror.remove(e.getKey());
      onChange.run();
    }

    @Override
    public void entryExpired(EntryEvent<String, V> e) {
      mirror.remove(e.getKey());
      onChange.run();
    }
  }
}
