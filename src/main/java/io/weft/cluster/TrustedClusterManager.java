package io.weft.cluster;

import com.hazelcast.cluster.Member;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast's cluster manager as Vert.x sees it, less the event-bus consumers of members that do not
 * prove the {@link ClusterSecret}: Vert.x then never routes a message (a span batch, a query, a live
 * span) to such a member, whatever it writes into the subscription map.
 */
final class TrustedClusterManager implements ClusterManager {
  private static final String VERTX_NODE_ID = "__vertx.nodeId";
  private final HazelcastClusterManager hz;
  private final ClusterSecret secret;

  TrustedClusterManager(HazelcastClusterManager hz, ClusterSecret secret) {
    this.hz = hz;
    this.secret = secret;
  }

  /** A node is refused when it is a member whose proof fails; an id not (yet) among the members is let through. */
  private boolean trusted(String nodeId) {
    if (nodeId == null || nodeId.equals(hz.getNodeId()) || hz.getHazelcastInstance() == null) {
      return true;
    }
    for (Member m : hz.getHazelcastInstance().getCluster().getMembers()) {
      if (nodeId.equals(m.getAttribute(VERTX_NODE_ID))) {
        return secret.verify(m);
      }
    }
    return true;
  }

  private List<RegistrationInfo> filter(List<RegistrationInfo> regs) {
    if (regs == null || regs.stream().allMatch(r -> trusted(r.nodeId()))) {
      return regs;
    }
    return regs.stream().filter(r -> trusted(r.nodeId())).toList();
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    hz.getRegistrations(address, (regs, err) -> promise.complete(err == null ? filter(regs) : null, err));
  }

  @Override
  public void registrationListener(RegistrationListener l) {
    hz.registrationListener(new RegistrationListener() {
      @Override
      public void registrationsUpdated(RegistrationUpdateEvent e) {
        l.registrationsUpdated(new RegistrationUpdateEvent(e.address(), filter(e.registrations())));
      }

      @Override
      public void registrationsLost() {
        l.registrationsLost();
      }

      @Override
      public boolean wantsUpdatesFor(String address) {
        return l.wantsUpdatesFor(address);
      }
    });
  }

  @Override
  public void init(Vertx vertx) {
    hz.init(vertx);
  }

  @Override
  public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
    hz.getAsyncMap(name, promise);
  }

  @Override
  public <K, V> Map<K, V> getSyncMap(String name) {
    return hz.getSyncMap(name);
  }

  @Override
  public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
    hz.getLockWithTimeout(name, timeout, promise);
  }

  @Override
  public void getCounter(String name, Completable<Counter> promise) {
    hz.getCounter(name, promise);
  }

  @Override
  public String getNodeId() {
    return hz.getNodeId();
  }

  @Override
  public List<String> getNodes() {
    return hz.getNodes();
  }

  @Override
  public void nodeListener(NodeListener listener) {
    hz.nodeListener(listener);
  }

  @Override
  public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
    hz.setNodeInfo(nodeInfo, promise);
  }

  @Override
  public NodeInfo getNodeInfo() {
    return hz.getNodeInfo();
  }

  @Override
  public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
    hz.getNodeInfo(nodeId, promise);
  }

  @Override
  public void join(Completable<Void> promise) {
    hz.join(promise);
  }

  @Override
  public void leave(Completable<Void> promise) {
    hz.leave(promise);
  }

  @Override
  public boolean isActive() {
    return hz.isActive();
  }

  @Override
  public void addRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
    hz.addRegistration(address, info, promise);
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
    hz.removeRegistration(address, info, promise);
  }

  @Override
  public String clusterHost() {
    return hz.clusterHost();
  }

  @Override
  public String clusterPublicHost() {
    return hz.clusterPublicHost();
  }
}
