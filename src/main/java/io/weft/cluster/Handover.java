package io.weft.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful leave (SIGTERM): this member marks itself leaving, so every member re-plans without it
 * and the successors start its roles; it waits until they report them running, then stops its own
 * roles (which flush). Roles keep running somewhere the whole time. Bounded by a deadline: a
 * successor that cannot start does not hold the shutdown forever.
 */
final class Handover {
  private static final Logger LOG = LoggerFactory.getLogger(Handover.class);
  private static final long POLL_MS = 100;

  private Handover() {}

  /** Completes (never fails) when successors run this member's roles, or at the deadline; the plan without this member. */
  static Future<Assignment> leave(Vertx vertx, Membership membership, RoleManager roles, ClusterState state,
      long deadlineNanos) {
    Set<String> mine = roles.running();
    long t0 = System.nanoTime();
    long ttl = (deadlineNanos - t0) / 1_000_000 + 30_000;
    return roles.freeze()
        .compose(v -> vertx.executeBlocking(() -> {
          membership.markLeaving(ttl);
          return membership.snapshot();
        }, false))
        .compose(s -> {
          Assignment plan = s.plan();
          Map<String, List<String>> successors = new LinkedHashMap<>();
          for (String role : mine) {
            List<String> others = new ArrayList<>(plan.holders(role));
            others.remove(membership.selfId());
            if (!others.isEmpty()) {
              successors.put(role, others);
            }
          }
          LOG.info("leaving: roles {} go to {}", mine, successors);
          Promise<Void> done = Promise.promise();
          poll(vertx, state, successors, deadlineNanos, done);
          return done.future().map(v -> {
            LOG.info("successors ready after {} ms", (System.nanoTime() - t0) / 1_000_000);
            return plan;
          });
        })
        .recover(err -> {
          LOG.warn("handover incomplete: {}", err.toString());
          return Future.succeededFuture(null);
        });
  }

  private static void poll(Vertx vertx, ClusterState state, Map<String, List<String>> successors, long deadlineNanos,
      Promise<Void> done) {
    if (successors.isEmpty()) {
      done.complete();
      return;
    }
    if (System.nanoTime() > deadlineNanos) {
      LOG.warn("leaving before successors report {} running", successors);
      done.complete();
      return;
    }
    Map<String, Future<JsonObject>> asked = new LinkedHashMap<>();
    successors.values().forEach(ids -> ids.forEach(id -> asked.computeIfAbsent(id, state::status)));
    Future.join(new ArrayList<>(asked.values())).onComplete(x -> {
      successors.entrySet().removeIf(e -> e.getValue().stream().allMatch(id -> {
        JsonObject st = asked.get(id).result();
        return st != null && st.getJsonArray("roles").contains(e.getKey());
      }));
      if (successors.isEmpty()) {
        done.complete();
      } else {
        vertx.setTimer(POLL_MS, t -> poll(vertx, state, successors, deadlineNanos, done));
      }
    });
  }
}
