package io.weft.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.cluster.store.DataHandoff;
import io.weft.cluster.store.ScatterSpanReader;
import io.weft.cluster.store.StoreService;
import io.weft.cluster.store.TraceOwnerWriter;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The clustered side of a node: membership, the role manager, the span store on the event bus and,
 * with a node-local store (memory), trace-owner writes and scatter-gather reads. {@link io.weft.WeftNode}
 * owns one when started with {@code --cluster}.
 */
public final class ClusterNode {
  private final Vertx vertx;
  private final ClusterSettings settings;
  private final NodeSpec launched;
  private final Membership membership;
  private final ClusterMetrics metrics;
  private final boolean localStore;
  private TraceOwnerWriter ownerWriter;
  private RoleManager roles;
  private ClusterState state;
  private volatile boolean leaving;

  private ClusterNode(Vertx vertx, ClusterSettings settings, NodeSpec launched, Membership membership,
      WeftMetrics metrics, boolean localStore) {
    this.vertx = vertx;
    this.settings = settings;
    this.launched = launched;
    this.membership = membership;
    this.metrics = new ClusterMetrics(metrics);
    this.localStore = localStore;
  }

  /**
   * Joins the cluster. {@code localStore}: each member keeps its own spans (memory), so writes go to
   * trace owners and reads scatter; a shared store (Cassandra) is read and written directly.
   */
  public static Future<ClusterNode> join(VertxBuilder builder, VertxOptions options, ClusterSettings settings,
      NodeSpec launched, String adminAddress, WeftMetrics metrics, boolean localStore) {
    Future<ClusterBoot.Joined> joined;
    try {
      joined = ClusterBoot.start(builder, options, settings, launched, adminAddress);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    // Map proxies may talk to the other members: off the event loop.
    return joined.compose(j -> j.vertx().executeBlocking(() -> new Membership(j.manager()), false)
        .map(m -> new ClusterNode(j.vertx(), settings, launched, m, metrics, localStore))
        .onFailure(err -> j.vertx().close()));
  }

  public Vertx vertx() {
    return vertx;
  }

  public String memberId() {
    return membership.selfId();
  }

  /** What collectors write through: the trace's owner with a node-local store, else the store itself. */
  public SpanWriter writer(SpanStore store) {
    if (!localStore) {
      return store;
    }
    ownerWriter = new TraceOwnerWriter(vertx, membership.selfId(), store, metrics, settings.queryTimeoutMs());
    return ownerWriter;
  }

  /** What queries read: every member's store with a node-local store, else the store itself. */
  public SpanReader reader(SpanStore store) {
    if (!localStore) {
      return store;
    }
    return new ScatterSpanReader(vertx, () -> membership.members().stream().map(Membership.Node::id).toList(),
        settings.queryTimeoutMs(), metrics);
  }

  /** The roles this node can run, and its health for the others; before {@link #start}. */
  public void init(Map<String, RoleDeployer> deployers, Supplier<JsonObject> health) {
    state = new ClusterState(vertx, membership, deployers.keySet(), health);
    roles = new RoleManager(vertx, membership, deployers, metrics, settings.reconcileMs());
    if (ownerWriter != null) {
      TraceOwnerWriter w = ownerWriter;
      roles.onPlan(plan -> w.owners(plan.holders("collector")));
    }
  }

  /** Serves this member's store and status, proposes the default counts, then runs the pinned and planned roles. */
  public Future<Void> start(SpanStore store) {
    state.serveStatus();
    new ClusterBusApi(vertx, state).register();
    return StoreService.register(vertx, membership.selfId(), store)
        .compose(v -> vertx.executeBlocking(() -> {
          membership.proposeDesired(settings.desired());
          return null;
        }, false))
        .compose(v -> roles.start());
  }

  public ClusterState state() {
    return state;
  }

  /** The roles running here now. */
  public Set<String> running() {
    return roles == null ? Set.of() : roles.running();
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** The cluster part of {@code /health}: roles running, pinned and assigned, and membership. */
  public void health(JsonObject h) {
    Assignment plan = roles == null ? null : roles.plan();
    Membership.Snapshot s = roles == null ? null : roles.snapshot();
    h.put("roles", new JsonArray(List.copyOf(roles == null ? Set.of() : new TreeSet<>(roles.running()))));
    h.put("pinned", new JsonArray(List.copyOf(new TreeSet<>(launched.pinned()))));
    h.put("assigned", new JsonArray(List.copyOf(plan == null ? Set.of() : plan.assignedTo(memberId()))));
    h.put("eligible", launched.eligible());
    if (roles != null && !roles.failed().isEmpty()) {
      h.put("failedRoles", new JsonObject(Map.copyOf(roles.failed()))); // planned here, could not start
    }
    h.put("cluster", new JsonObject()
        .put("member", true)
        .put("memberId", memberId())
        .put("members", membership.members().size())
        .put("leaving", leaving)
        .put("desired", s == null ? new JsonObject() : new JsonObject(Map.copyOf(s.desired()))));
  }

  /**
   * Graceful leave: successors start this member's roles, its own roles stop (flushing), and with a
   * node-local store its spans go to the collectors that stay. Never fails; bounded by cluster.shutdown-timeout.
   */
  public Future<Void> leave(SpanStore store) {
    if (roles == null) {
      return Future.succeededFuture();
    }
    leaving = true;
    long deadline = System.nanoTime() + settings.shutdownMs() * 1_000_000;
    return Handover.leave(vertx, membership, roles, state, deadline)
        .compose(plan -> roles.stopAll().map(plan))
        .compose(plan -> {
          if (!localStore || plan == null) {
            return Future.succeededFuture();
          }
          List<String> targets = plan.holders("collector").stream().filter(id -> !id.equals(memberId())).toList();
          return DataHandoff.run(vertx, memberId(), store, targets, metrics, deadline);
        })
        .otherwiseEmpty();
  }
}
