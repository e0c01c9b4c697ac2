package io.weft.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A write that its caller sends again until it succeeds (the ingester: a poll's offsets are committed
 * only once its spans are stored), as a backend sees it across attempts: the backend may keep here what
 * earlier attempts got durably stored and send only the rest ({@code CassandraSpanWriter} leaves out the
 * rows Cassandra acknowledged), so that retries do not resend a whole batch to a store that is already
 * struggling.
 *
 * <p>Not a parameter of {@link SpanWriter#write}, which every decorator would have to pass on: the
 * caller runs each attempt in {@link #attempt}, and a backend picks the write up with {@link #current()}
 * while it is called; the layers in between call their delegate within the call. A layer that calls
 * it later, from elsewhere, hides it: that backend write then sends everything, as every retry did
 * before, never less. Backends that do not look ignore it. Writes outside an attempt (the collector's,
 * which fail promptly and whose senders retry them whole) see none.
 */
public final class RetriedWrite {
  private static final ThreadLocal<RetriedWrite> CURRENT = new ThreadLocal<>();

  private final Map<Object, Object> kept = new ConcurrentHashMap<>();
  private volatile int attempts;

  /** Runs the next attempt: backend writes called within {@code op} on this thread see this write as current. */
  public <T> T attempt(Supplier<T> op) {
    attempts++; // attempts run one after the other
    RetriedWrite outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return op.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The write whose attempt is running on this thread, or null. */
  public static RetriedWrite current() {
    return CURRENT.get();
  }

  /** 1 during the first attempt, 2 during the first retry, and so on. */
  public int attemptNumber() {
    return attempts;
  }

  /** What {@code owner} (one backend writer) keeps across this write's attempts, made at its first use. */
  @SuppressWarnings("unchecked")
  public <T> T kept(Object owner, Supplier<T> make) {
    return (T) kept.computeIfAbsent(owner, k -> make.get());
  }
}
