package io.weft.cluster;

import io.weft.role.Role;
import io.weft.role.RoleDeployer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.metrics.WeftMetrics;
import io.weft.net.TlsFiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The clustered side of a node: membership, the role manager and the cluster's status. The node
 * ({@code WeftNode}) owns one when started with {@code --cluster}; what the cluster means for storage
 * (the spread store) is wired there, through {@link #onPlan} and the leave step given to {@link #leave}.
 */
public final class ClusterNode {
  private final Vertx vertx;
  private final ClusterSettings settings;
  private final NodeSpec launched;
  private final Membership membership;
  private final ClusterMetrics metrics;
  private RoleManager roles;
  private ClusterState state;
  private volatile boolean leaving;

  private ClusterNode(Vertx vertx, ClusterSettings settings, NodeSpec launched, Membership membership,
      WeftMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.launched = launched;
    this.membership = membership;
    this.metrics = new ClusterMetrics(metrics);
  }

  /** Joins the cluster. */
  public static Future<ClusterNode> join(VertxBuilder builder, VertxOptions options, ClusterSettings settings,
      NodeSpec launched, String adminAddress, WeftMetrics metrics, TlsFiles tls) {
    Future<ClusterBoot.Joined> joined;
    try {
      joined = ClusterBoot.start(builder, options, settings, launched, adminAddress, tls,
          io.micrometer.core.instrument.Counter.builder("weft_cluster_bus_refused")
              .description("event-bus messages dropped on arrival: without the cluster secret's token")
              .register(metrics.meterRegistry()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    ClusterSecret secret = settings.secret();
    // Map proxies may talk to the other members: off the event loop.
    return joined.compose(j -> j.vertx().executeBlocking(() -> {
          Membership m = new Membership(j.manager(), secret);
          metrics.gauge("weft_cluster_members_refused", "Hazelcast members present that do not prove the cluster "
              + "secret (they get no roles and no data)", m::refusedCount);
          return m;
        }, false)
        .map(m -> new ClusterNode(j.vertx(), settings, launched, m, metrics))
        .onFailure(err -> j.vertx().close()));
  }

  public Vertx vertx() {
    return vertx;
  }

  public String memberId() {
    return membership.selfId();
  }

  /** The ids of the members in the cluster now. */
  public List<String> memberIds() {
    return membership.members().stream().map(Membership.Node::id).toList();
  }

  /** Adaptive sampling's store and leader lease over this cluster's Hazelcast maps. */
  public ClusterSamplingStore samplingStore(long throughputTtlMs) {
    return new ClusterSamplingStore(vertx, membership, membership.hazelcast(), throughputTtlMs);
  }

  /** Counts, on the oldest member, what a crashed member held unstored. */
  public CrashLossLedger crashLossLedger() {
    return new CrashLossLedger(vertx, membership, membership.hazelcast());
  }

  /** The roles this node can run, and its health for the others; before {@link #start}. */
  public void init(Map<Role, RoleDeployer> deployers, Supplier<JsonObject> health) {
    state = new ClusterState(vertx, membership, deployers.keySet(), health);
    roles = new RoleManager(vertx, membership, deployers, metrics, settings.reconcileMs());
  }

  /** Called with every new plan (who runs which role); after {@link #init}. */
  public void onPlan(java.util.function.Consumer<Assignment> listener) {
    roles.onPlan(listener);
  }

  /** Serves this member's status, proposes the default counts, then runs the pinned and planned roles. */
  public Future<Void> start() {
    state.serveStatus();
    new ClusterBusApi(vertx, state).register();
    return vertx.executeBlocking(() -> {
          membership.proposeDesired(settings.desired());
          return null;
        }, false)
        .compose(v -> roles.start());
  }

  public ClusterState state() {
    return state;
  }

  /** The roles running here now. */
  public Set<Role> running() {
    return roles == null ? Set.of() : roles.running();
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** The cluster part of {@code /health}: roles running, pinned and assigned, and membership. */
  public void health(JsonObject h) {
    Assignment plan = roles == null ? null : roles.plan();
    Membership.Snapshot s = roles == null ? null : roles.snapshot();
    h.put("roles", new JsonArray(Role.ids(running())));
    h.put("pinned", new JsonArray(Role.ids(launched.pinned())));
    h.put("assigned", new JsonArray(Role.ids(plan == null ? Set.of() : plan.assignedTo(memberId()))));
    h.put("eligible", launched.eligible());
    if (roles != null && !roles.failed().isEmpty()) {
      JsonObject failed = new JsonObject(); // planned here, could not start
      roles.failed().forEach((r, why) -> failed.put(r.id(), why));
      h.put("failedRoles", failed);
    }
    h.put("cluster", new JsonObject()
        .put("member", true)
        .put("memberId", memberId())
        .put("members", membership.members().size())
        .put("leaving", leaving)
        .put("desired", desired(s)));
  }

  private static JsonObject desired(Membership.Snapshot s) {
    JsonObject out = new JsonObject();
    if (s != null) {
      s.desired().forEach((r, n) -> out.put(r.id(), n));
    }
    return out;
  }

  /**
   * Graceful leave: successors start this member's roles, its own roles stop (flushing), then
   * {@code afterRoles} runs with the plan that stays and the deadline (the spread store hands its spans
   * over there). Never fails; bounded by cluster.shutdown-timeout.
   */
  public Future<Void> leave(LeaveStep afterRoles) {
    if (roles == null) {
      return Future.succeededFuture();
    }
    leaving = true;
    long deadline = System.nanoTime() + settings.shutdownMs() * 1_000_000;
    return Handover.leave(vertx, membership, roles, state, deadline)
        .compose(plan -> roles.stopAll().map(plan))
        .compose(plan -> plan == null ? Future.succeededFuture() : afterRoles.run(plan, deadline))
        .otherwiseEmpty();
  }

  /** What a leaving member does once its roles stopped, before it leaves the cluster. */
  @FunctionalInterface
  public interface LeaveStep {
    Future<Void> run(Assignment plan, long deadlineNanos);
  }
}
