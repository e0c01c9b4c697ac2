package io.weft.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.weft.role.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful leave (SIGTERM): this member marks itself leaving, so every member re-plans without it
 * and the successors start its roles; it waits until they report them running, then its own roles
 * can stop. Roles keep running somewhere the whole time. The plan is re-read on every check, so
 * members leaving at the same moment do not wait for each other; a deadline bounds the wait.
 */
final class Handover {
  private static final Logger LOG = LoggerFactory.getLogger(Handover.class);
  private static final long POLL_MS = 100;

  private final Vertx vertx;
  private final Membership membership;
  private final ClusterState state;
  private final Set<Role> mine;
  private final long deadlineNanos;
  private final long t0 = System.nanoTime();

  private Handover(Vertx vertx, Membership membership, ClusterState state, Set<Role> mine, long deadlineNanos) {
    this.vertx = vertx;
    this.membership = membership;
    this.state = state;
    this.mine = mine;
    this.deadlineNanos = deadlineNanos;
  }

  /** Completes (never fails) with the last plan without this member (null if none could be read). */
  static Future<Assignment> leave(Vertx vertx, Membership membership, RoleManager roles, ClusterState state,
      long deadlineNanos) {
    Handover h = new Handover(vertx, membership, state, roles.running(), deadlineNanos);
    long ttl = (deadlineNanos - h.t0) / 1_000_000 + 30_000;
    return roles.freeze()
        .compose(v -> vertx.<Void>executeBlocking(() -> {
          membership.markLeaving(ttl);
          return null;
        }, false))
        .compose(v -> {
          Promise<Assignment> done = Promise.promise();
          h.check(done);
          return done.future();
        })
        .recover(err -> {
          LOG.warn("handover incomplete: {}", err.toString());
          return Future.succeededFuture(null);
        });
  }

  /** One line: who took the roles, or that nobody could. */
  private void logLeft(Set<Role> orphaned, long ms) {
    Set<Role> handed = mine.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(mine);
    handed.removeAll(orphaned);
    if (handed.isEmpty() && orphaned.isEmpty()) {
      LOG.info("leaving: no roles ran here");
    } else if (handed.isEmpty()) {
      LOG.info("leaving: no member stays to take over roles {}; they stop with this node", orphaned);
    } else if (orphaned.isEmpty()) {
      LOG.info("leaving: roles {} taken over after {} ms", handed, ms);
    } else {
      LOG.info("leaving: roles {} taken over after {} ms; no member stays to take {}", handed, ms, orphaned);
    }
  }

  private void check(Promise<Assignment> done) {
    Future.succeededFuture(membership.snapshot()).compose(s -> {
      Assignment plan = s.plan();
      Map<Role, List<String>> successors = new LinkedHashMap<>();
      Set<Role> orphaned = EnumSet.noneOf(Role.class); // no member stays to run them (e.g. the last member)
      for (Role role : mine) {
        List<String> others = new ArrayList<>(plan.holders(role));
        others.remove(membership.selfId());
        if (others.isEmpty()) {
          orphaned.add(role);
        } else {
          successors.put(role, others);
        }
      }
      Map<String, Future<JsonObject>> asked = new LinkedHashMap<>();
      successors.values().forEach(ids -> ids.forEach(id -> asked.computeIfAbsent(id, state::status)));
      return Future.join(new ArrayList<>(asked.values())).transform(x -> {
        successors.entrySet().removeIf(e -> e.getValue().stream().allMatch(id -> {
          JsonObject st = asked.get(id).result();
          return st != null && st.getJsonArray("roles").contains(e.getKey().id());
        }));
        return Future.succeededFuture(successors.isEmpty() ? plan : null);
      }).onSuccess(ready -> {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ready != null) {
          logLeft(orphaned, ms);
          done.complete(ready);
        } else if (System.nanoTime() > deadlineNanos) {
          LOG.warn("leaving after {} ms although {} do not run yet", ms, successors);
          done.complete(plan);
        } else {
          vertx.setTimer(POLL_MS, t -> check(done));
        }
      });
    }).onFailure(done::fail);
  }
}
