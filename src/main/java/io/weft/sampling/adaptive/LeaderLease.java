package io.weft.sampling.adaptive;

import io.vertx.core.Future;

/**
 * One leader among the nodes calculating probabilities (Jaeger's distributed lock): a lease held by
 * one owner for a time, renewed by it, taken by another once it lapses.
 */
public interface LeaderLease {
  /** Takes the lease if free (or lapsed, or its holder is known gone), or renews it if held by {@code owner}. */
  Future<Boolean> acquire(String owner, long ttlMs);

  /** Gives the lease up if {@code owner} holds it. */
  Future<Void> forfeit(String owner);

  /** Calls {@code retry} when the holder is seen gone, so a follower need not wait for the lease to lapse. */
  default void onHolderGone(Runnable retry) {}
}
