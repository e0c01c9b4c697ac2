package io.weft.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Counts what a crashed member held that nothing else has: every member writes how many spans it
 * holds unacknowledged-to-storage (tail sampling's buffer) to a Hazelcast map each second; when a
 * member disappears without having cleared its entry (a crash: a member leaving normally hands its
 * spans over and clears it), the oldest member counts that last figure as lost. Approximate by up to
 * a second of traffic; exact enough to say whether, and how much, a crash lost.
 */
public final class CrashLossLedger {
  static final String MAP = "weft.members.buffered";
  private static final long EVERY_MS = 1000;

  private final Vertx vertx;
  private final Membership membership;
  private final HazelcastInstance hz;
  private long timer = -1;
  private UUID listener;

  CrashLossLedger(Vertx vertx, Membership membership, HazelcastInstance hz) {
    this.vertx = vertx;
    this.membership = membership;
    this.hz = hz;
  }

  private IMap<String, Long> map() {
    return hz.getMap(MAP);
  }

  /** Reports {@code held} every second; calls {@code lost} (on the oldest member) with a crashed member's last figure. */
  public void start(LongSupplier held, LongConsumer lost) {
    String self = membership.selfId();
    timer = vertx.setPeriodic(EVERY_MS, id -> {
      long n = held.getAsLong();
      vertx.executeBlocking(() -> map().put(self, n, 60, TimeUnit.SECONDS), false);
    });
    listener = hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {}

      @Override
      public void memberRemoved(MembershipEvent e) {
        String gone = e.getMember().getAttribute("__vertx.nodeId");
        if (gone == null) {
          return;
        }
        vertx.executeBlocking(() -> {
          List<Membership.Node> members = membership.members();
          if (!members.isEmpty() && members.get(0).local()) {
            Long last = map().remove(gone);
            if (last != null && last > 0) {
              lost.accept(last);
            }
          }
          return null;
        }, false);
      }
    });
  }

  /** Before leaving normally: nothing held is lost (it was handed over or decided). */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    String self = membership.selfId();
    return vertx.executeBlocking(() -> {
      if (listener != null) {
        hz.getCluster().removeMembershipListener(listener);
      }
      map().remove(self);
      return null;
    }, false);
  }
}
