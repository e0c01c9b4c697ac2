package io.weft.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.config.ConfigException;
import io.weft.role.Role;
import io.weft.wire.Addresses;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The roles view behind {@code GET /api/admin/roles}, {@code weft roles} and {@code weft.cluster.roles}:
 * desired counts, the plan (pinned and assigned roles per member) and what each member reports running
 * (asked over the event bus, so a member that stopped answering shows as unreachable). Also sets counts.
 */
public final class ClusterState {
  private static final long STATUS_TIMEOUT_MS = 2000;
  private static final long SETTLE_MS = 5000;

  private final Vertx vertx;
  private final Membership membership;
  private final Set<Role> available;
  private final Supplier<JsonObject> selfHealth;

  public ClusterState(Vertx vertx, Membership membership, Set<Role> available, Supplier<JsonObject> selfHealth) {
    this.vertx = vertx;
    this.membership = membership;
    this.available = available.isEmpty() ? Set.of() : EnumSet.copyOf(available);
    this.selfHealth = selfHealth;
  }

  /** This member's health, for the others' {@link #roles()} (registered on its own address). */
  public void serveStatus() {
    vertx.eventBus().<JsonObject>consumer(Addresses.nodeStatus(membership.selfId()), msg -> msg.reply(selfHealth.get()));
  }

  /** What one member reports, or null when it does not answer. */
  public Future<JsonObject> status(String memberId) {
    return vertx.eventBus().<JsonObject>request(Addresses.nodeStatus(memberId), new JsonObject(),
        new DeliveryOptions().setSendTimeout(STATUS_TIMEOUT_MS)).map(m -> m.body()).otherwise((JsonObject) null);
  }

  public Future<JsonObject> roles() {
    return Future.succeededFuture(membership.snapshot()).compose(s -> {
      Assignment plan = s.plan();
      List<Future<JsonObject>> statuses = new ArrayList<>();
      s.members().forEach(m -> statuses.add(status(m.id())));
      return Future.join(statuses).map(x -> render(s, plan, statuses));
    });
  }

  private JsonObject render(Membership.Snapshot s, Assignment plan, List<Future<JsonObject>> statuses) {
    JsonArray members = new JsonArray();
    Map<Role, int[]> perRole = new EnumMap<>(Role.class); // pinned, planned, running
    s.desired().keySet().forEach(r -> perRole.put(r, new int[3]));
    s.members().forEach(m -> m.spec().pinned().forEach(r -> perRole.put(r, new int[3])));
    for (int i = 0; i < s.members().size(); i++) {
      Membership.Node m = s.members().get(i);
      JsonObject st = statuses.get(i).result();
      JsonArray running = st == null ? new JsonArray() : st.getJsonArray("roles", new JsonArray());
      members.add(new JsonObject()
          .put("id", m.id())
          .put("address", m.address())
          .put("admin", m.admin())
          .put("self", m.local())
          .put("pinned", new JsonArray(Role.ids(m.spec().pinned())))
          .put("eligible", m.spec().eligible())
          .put("capacity", m.spec().capacity() == NodeSpec.UNLIMITED ? "any" : Integer.toString(m.spec().capacity()))
          .put("assigned", new JsonArray(Role.ids(plan.assignedTo(m.id()))))
          .put("running", running)
          .put("leaving", s.leaving().contains(m.id()))
          .put("reachable", st != null)
          .put("failed", st == null ? new JsonObject() : st.getJsonObject("failedRoles", new JsonObject()))
          .put("status", st == null ? "unreachable" : st.getString("status")));
      m.spec().pinned().forEach(r -> perRole.computeIfAbsent(r, k -> new int[3])[0]++);
      plan.rolesOf(m.id()).forEach(r -> perRole.computeIfAbsent(r, k -> new int[3])[1]++);
      Role.known(running.stream().map(String::valueOf).toList())
          .forEach(r -> perRole.computeIfAbsent(r, k -> new int[3])[2]++);
    }
    JsonObject roles = new JsonObject();
    perRole.forEach((r, n) -> roles.put(r.id(), new JsonObject()
        .put("desired", s.desired().get(r))
        .put("pinned", n[0]).put("planned", n[1]).put("running", n[2])
        .put("unmet", plan.unmet().getOrDefault(r, 0))));
    JsonObject desired = new JsonObject();
    s.desired().forEach((r, n) -> desired.put(r.id(), n));
    return new JsonObject().put("self", membership.selfId()).put("desired", desired).put("roles", roles)
        .put("members", members).put("available", new JsonArray(Role.ids(available)));
  }

  /**
   * Sets counts (other roles keep theirs); answers the new view once every planned role runs, or after
   * {@value #SETTLE_MS} ms with what runs by then (the caller sees "planned" ahead of "running").
   */
  public Future<JsonObject> setCounts(JsonObject body) {
    Map<Role, Integer> counts;
    try {
      counts = parseCounts(body);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    long deadline = System.nanoTime() + SETTLE_MS * 1_000_000;
    return vertx.<Void>executeBlocking(() -> {
      membership.setDesired(counts);
      return null;
    }, false).compose(v -> settled(deadline));
  }

  private Future<JsonObject> settled(long deadlineNanos) {
    return roles().compose(view -> {
      boolean settled = true;
      for (Role role : available) {
        JsonObject r = view.getJsonObject("roles").getJsonObject(role.id());
        settled &= r == null || r.getInteger("planned").equals(r.getInteger("running"));
      }
      if (settled || System.nanoTime() > deadlineNanos) {
        return Future.succeededFuture(view);
      }
      Promise<JsonObject> later = Promise.promise();
      vertx.setTimer(200, t -> settled(deadlineNanos).onComplete(later));
      return later.future();
    });
  }

  /** {@code {"collector":3,"query":1}}: roles this build runs, counts 0 to 1000. */
  Map<Role, Integer> parseCounts(JsonObject body) {
    if (body == null || body.isEmpty()) {
      throw new ConfigException("expected a JSON object of role counts, e.g. {\"collector\":3,\"query\":1}");
    }
    Map<Role, Integer> out = new EnumMap<>(Role.class);
    for (Map.Entry<String, Object> e : body) {
      Role role = Role.find(e.getKey());
      if (role == null || !available.contains(role)) {
        throw new ConfigException("unknown role '" + e.getKey() + "': this build runs " + Role.ids(available));
      }
      if (!(e.getValue() instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 0
          || n.intValue() > 1000) {
        throw new ConfigException("count of " + e.getKey() + " must be a whole number from 0 to 1000, got " + e.getValue());
      }
      out.put(role, n.intValue());
    }
    return out;
  }
}
