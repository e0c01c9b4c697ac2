package io.weft.cluster;

import io.weft.role.Role;
import io.weft.role.RoleDeployer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's verticles matching the plan: on every membership or count change, and every
 * {@code cluster.reconcile-interval} (a missed event or a failed deployment heals there), it reads a
 * {@link Membership.Snapshot}, computes the {@link Assignment} every member computes, and deploys or
 * undeploys roles. Reconciliations run one at a time on one context; triggers arriving meanwhile
 * fold into one more run.
 */
public final class RoleManager {
  private static final Logger LOG = LoggerFactory.getLogger(RoleManager.class);
  private static final long MEMBER_POLL_MS = 100;

  private final Vertx vertx;
  private final Context context;
  private final Membership membership;
  private final Map<Role, RoleDeployer> deployers;
  private final ClusterMetrics metrics;
  private final long intervalMs;
  private final Map<Role, List<String>> deployments = new EnumMap<>(Role.class);
  private final List<Consumer<Assignment>> planListeners = new CopyOnWriteArrayList<>();
  private final Set<Role> warnedUnavailable = EnumSet.noneOf(Role.class);
  private volatile Set<Role> running = Set.of();
  /** Roles planned here that could not start (e.g. a port in use), with why; retried every interval. */
  private final Map<Role, String> failed = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Assignment plan;
  private volatile Membership.Snapshot snapshot;
  private boolean busy;
  private boolean again;
  private boolean frozen;
  private Promise<Void> idle;
  private long pollTimer = -1;
  private long refreshTimer = -1;

  public RoleManager(Vertx vertx, Membership membership, Map<Role, RoleDeployer> deployers, ClusterMetrics metrics,
      long intervalMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.membership = membership;
    this.deployers = new EnumMap<>(Role.class);
    this.deployers.putAll(deployers);
    this.metrics = metrics;
    this.intervalMs = intervalMs;
    for (Role role : deployers.keySet()) {
      metrics.roleGauge(role, () -> running.contains(role) ? 1 : 0);
    }
    metrics.membersGauge(() -> snapshot == null ? 0 : snapshot.members().size());
  }

  /** Listens for changes, reads the maps, and runs the first reconciliation; fails when a pinned role cannot start. */
  public Future<Void> start() {
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> {
      // Hazelcast's member list changes before its membership events are delivered, and those wait
      // behind Vert.x's own (slow, blocking) clean-up of a dead member: a cheap local look every
      // 100 ms starts a dead member's roles elsewhere without that wait.
      pollTimer = vertx.setPeriodic(MEMBER_POLL_MS, id -> {
        Membership.Snapshot last = snapshot;
        if (last != null && !sameIds(last.members(), membership.members())) {
          trigger();
        }
      });
      // The periodic re-read heals a missed event; it blocks, so it runs on a worker.
      refreshTimer = vertx.setPeriodic(intervalMs, intervalMs, id -> context.executeBlocking(() -> {
        membership.refresh();
        return null;
      }, false).onComplete(ar -> trigger()));
      busy = true;
      context.executeBlocking(() -> { // registering map listeners waits on the other members
        membership.listen(this::trigger);
        membership.refresh();
        return null;
      }, false).compose(x -> reconcile(true)).onComplete(ar -> {
        finished();
        first.handle(ar);
      });
    });
    return first.future();
  }

  /** Whatever the plan, reconcile soon (coalesced). Call on any thread. */
  public void trigger() {
    context.runOnContext(v -> {
      if (frozen) {
        return;
      }
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      reconcile(false).onComplete(ar -> finished());
    });
  }

  private void finished() {
    busy = false;
    if (again && !frozen) {
      again = false;
      trigger();
    } else if (idle != null) {
      idle.tryComplete();
      idle = null;
    }
  }

  /**
   * Stops reconciling (the node is leaving); completes once a run in progress has finished. The timers
   * stop too: they read Hazelcast, which leaves with the node (the last member would log its inactive instance).
   */
  public Future<Void> freeze() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      frozen = true;
      again = false;
      vertx.cancelTimer(pollTimer);
      vertx.cancelTimer(refreshTimer);
      if (busy) {
        idle = p;
      } else {
        p.complete();
      }
    });
    return p.future();
  }

  /** Undeploys every role, one after the other (their stop() flushes). */
  public Future<Void> stopAll() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      Future<Void> chain = Future.succeededFuture();
      for (Role role : new ArrayList<>(deployments.keySet())) {
        chain = chain.eventually(() -> undeploy(role));
      }
      chain.onComplete(p);
    });
    return p.future();
  }

  private Future<Void> reconcile(boolean firstRun) {
    return Future.succeededFuture(membership.snapshot()).compose(s -> {
      snapshot = s;
      Assignment a = s.plan();
      plan = a;
      planListeners.forEach(l -> l.accept(a));
      Set<Role> target = EnumSet.noneOf(Role.class);
      for (Role role : a.rolesOf(membership.selfId())) {
        if (deployers.containsKey(role)) {
          target.add(role);
        } else if (warnedUnavailable.add(role)) {
          LOG.warn("role {} is planned on this node but this build cannot run it", role);
        }
      }
      Future<Void> chain = Future.succeededFuture();
      failed.keySet().retainAll(target);
      for (Role role : new ArrayList<>(deployments.keySet())) {
        if (!target.contains(role)) {
          chain = chain.eventually(() -> undeploy(role));
        }
      }
      for (Role role : target) {
        if (!deployments.containsKey(role)) {
          boolean pinned = a.rolesOf(membership.selfId()).contains(role) && !a.assignedTo(membership.selfId()).contains(role);
          chain = chain.compose(x -> deploy(role).recover(err -> {
            failed.put(role, String.valueOf(err.getMessage()));
            if (firstRun && pinned) {
              return Future.failedFuture(err); // the node's start fails with it, and says why
            }
            LOG.error("cannot start role {}: {}", role, err.getMessage());
            return Future.succeededFuture();
          }));
        }
      }
      return chain;
    }).onFailure(err -> {
      if (!firstRun) {
        LOG.warn("reconciliation failed, retrying in {} ms: {}", intervalMs, err.toString());
      }
    });
  }

  private Future<Void> deploy(Role role) {
    long t0 = System.nanoTime();
    return deployers.get(role).deploy(vertx).map(ids -> {
      failed.remove(role);
      deployments.put(role, ids);
      running = roleSet(deployments.keySet());
      metrics.roleChange(role, "start");
      LOG.info("role {} started in {} ms", role, (System.nanoTime() - t0) / 1_000_000);
      return null;
    });
  }

  /** The role shows as running until its verticles have stopped (ports closed, buffers flushed). */
  private Future<Void> undeploy(Role role) {
    List<String> ids = deployments.remove(role);
    List<Future<?>> all = new ArrayList<>();
    for (String id : ids) {
      all.add(vertx.undeploy(id));
    }
    return Future.join(all).<Void>mapEmpty().onComplete(ar -> {
      running = roleSet(deployments.keySet());
      metrics.roleChange(role, "stop");
      LOG.info("role {} stopped", role);
    }).recover(err -> Future.succeededFuture());
  }

  private static Set<Role> roleSet(Set<Role> roles) {
    return roles.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  private static boolean sameIds(List<Membership.Node> a, List<Membership.Node> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).id().equals(b.get(i).id())) {
        return false;
      }
    }
    return true;
  }

  /** Called with every new plan (e.g. the span writer, to learn which members store spans). */
  public void onPlan(Consumer<Assignment> listener) {
    planListeners.add(listener);
    Assignment a = plan;
    if (a != null) {
      listener.accept(a);
    }
  }

  public Set<Role> running() {
    return running;
  }

  /** Planned roles that failed to start here, with the reason. */
  public Map<Role, String> failed() {
    return Map.copyOf(failed);
  }

  /** The latest plan, or null before the first reconciliation. */
  public Assignment plan() {
    return plan;
  }

  public Membership.Snapshot snapshot() {
    return snapshot;
  }
}
