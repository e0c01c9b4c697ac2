package io.weft.query.adjust;

import io.weft.config.Durations;
import io.weft.model.Ids;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jaeger's clock skew adjuster: hosts' clocks differ, so a child span recorded on another host
 * may appear to start before, or end after, its parent. Such a child is shifted, with its logs,
 * to fit inside the parent: centered when shorter (latency assumed equal both ways), start
 * aligned when longer. Descendants on the child's host inherit the same shift. Spans on the
 * parent's host are never shifted relative to it.
 *
 * <p>Unlike Jaeger, a FOLLOWS_FROM child on another host is not fitted into its predecessor
 * (async work may well outlive it); it only inherits a shift when it runs on the same host.
 * Shifts larger than {@code maxAdjustment} are not applied; each decision leaves a warning on
 * the span, worded as Jaeger words it.
 */
public final class ClockSkewAdjuster implements Adjuster {
  static final String WARN_DUPLICATE = "duplicate span IDs; skipping clock skew adjustment";
  static final String WARN_INVALID_PARENT = "invalid parent span IDs=%s; skipping clock skew adjustment";
  static final String WARN_MAX_EXCEEDED =
      "max clock skew adjustment delta of %s exceeded; not applying calculated delta of %s";
  static final String WARN_DISABLED = "clock skew adjustment disabled; not applying calculated delta of %s";
  static final String ADJUSTED = "This span's timestamps were adjusted by %s";

  private final long maxDeltaMicros;

  /** {@code maxAdjustment} zero disables shifting (every needed shift is then only reported). */
  public ClockSkewAdjuster(Duration maxAdjustment) {
    this.maxDeltaMicros = Math.max(0, maxAdjustment.toNanos() / 1000);
  }

  private static final class Node {
    final Span span;
    final String host;
    final List<Node> children = new ArrayList<>();
    boolean followsFrom;
    long start;
    long delta;
    List<String> warnings;

    Node(Span span) {
      this.span = span;
      this.host = hostKey(span.process());
      this.start = span.startTimeMicros();
    }

    void warn(String w) {
      if (warnings == null) {
        warnings = new ArrayList<>(span.warnings());
      }
      warnings.add(w);
    }

    long end() {
      return start + span.durationMicros();
    }
  }

  private record Skew(String host, long delta) {}

  private record Visit(Node node, Node parent, Skew skew) {}

  @Override
  public List<Span> adjust(List<Span> trace) {
    List<Node> all = new ArrayList<>(trace.size());
    Map<Long, Node> byId = new HashMap<>();
    for (Span s : trace) {
      Node n = new Node(s);
      all.add(n);
      if (byId.putIfAbsent(s.spanId(), n) != null) {
        n.warn(WARN_DUPLICATE); // left out of the tree, hence never shifted
      }
    }
    Deque<Visit> todo = new ArrayDeque<>();
    for (Node n : all) {
      if (byId.get(n.span.spanId()) != n) {
        continue;
      }
      SpanRef ref = ParentRefs.parent(n.span);
      Node p = ref == null ? null : byId.get(ref.spanId());
      if (ref == null) {
        todo.push(new Visit(n, null, new Skew(n.host, 0)));
      } else if (p == null || p == n) {
        n.warn(String.format(WARN_INVALID_PARENT, Ids.spanIdHex(ref.spanId())));
        todo.push(new Visit(n, null, new Skew(n.host, 0)));
      } else {
        n.followsFrom = ref.type() == RefType.FOLLOWS_FROM;
        p.children.add(n);
      }
    }
    // Depth-first from the roots without recursion: traces can be deep.
    while (!todo.isEmpty()) {
      Visit v = todo.pop();
      Node n = v.node();
      Skew skew = v.skew();
      if (v.parent() != null && (n.host.isEmpty() || !n.host.equals(skew.host()))) {
        // Another host: its clock is only comparable with the (already adjusted) parent.
        skew = new Skew(n.host, n.followsFrom ? 0 : calculateSkew(n, v.parent()));
      }
      apply(n, skew.delta());
      for (Node c : n.children) {
        todo.push(new Visit(c, n, skew));
      }
    }
    List<Span> out = new ArrayList<>(all.size());
    for (Node n : all) {
      out.add(rebuilt(n));
    }
    return out;
  }

  private static long calculateSkew(Node child, Node parent) {
    long parentDuration = parent.span.durationMicros();
    long childDuration = child.span.durationMicros();
    if (childDuration > parentDuration) {
      // Async, or the parent timed out: only make sure the child does not start before its parent.
      return child.start < parent.start ? parent.start - child.start : 0;
    }
    if (child.start >= parent.start && child.end() <= parent.end()) {
      return 0; // already fits
    }
    // Assume the network latency is split equally between request and response.
    long latency = (parentDuration - childDuration) / 2;
    return parent.start + latency - child.start;
  }

  private void apply(Node n, long delta) {
    if (delta == 0) {
      return;
    }
    if (Math.abs(delta) > maxDeltaMicros) {
      n.warn(maxDeltaMicros == 0
          ? String.format(WARN_DISABLED, Durations.format(delta))
          : String.format(WARN_MAX_EXCEEDED, Durations.format(maxDeltaMicros), Durations.format(delta)));
      return;
    }
    n.start += delta;
    n.delta = delta;
    n.warn(String.format(ADJUSTED, Durations.format(delta)));
  }

  private static Span rebuilt(Node n) {
    if (n.delta == 0 && n.warnings == null) {
      return n.span;
    }
    Span.Builder b = n.span.toBuilder().startTimeMicros(n.start);
    if (n.warnings != null) {
      b.warnings(n.warnings);
    }
    if (n.delta != 0 && !n.span.logs().isEmpty()) {
      List<Log> logs = new ArrayList<>(n.span.logs().size());
      for (Log l : n.span.logs()) {
        logs.add(new Log(l.timestampMicros() + n.delta, l.fields()));
      }
      b.logs(logs);
    }
    return b.build();
  }

  /**
   * Which host a span ran on: Jaeger's {@code ip} process tag (string, int32 or 4/16 raw bytes),
   * else the OTel resource's {@code host.id}, {@code host.ip}, {@code host.name}, else a Jaeger
   * client's {@code hostname}. Empty when unknown: such spans are always compared with their parent.
   */
  static String hostKey(Process p) {
    if (p == null) {
      return "";
    }
    Tag ip = find(p, "ip");
    if (ip != null) {
      String key = ipKey(ip);
      if (!key.isEmpty()) {
        return key;
      }
    }
    for (String k : new String[] {"host.id", "host.ip", "host.name", "hostname"}) {
      Tag t = find(p, k);
      if (t != null && !t.valueAsString().isEmpty()) {
        return t.valueAsString();
      }
    }
    return "";
  }

  private static String ipKey(Tag ip) {
    switch (ip.type()) {
      case STRING:
        return (String) ip.value();
      case INT64: {
        long v = (Long) ip.value();
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
      }
      case BINARY: {
        byte[] b = (byte[]) ip.value();
        if (b.length == 4 || b.length == 16) {
          try {
            return InetAddress.getByAddress(b).getHostAddress();
          } catch (UnknownHostException e) {
            return "";
          }
        }
        return "";
      }
      default:
        return "";
    }
  }

  private static Tag find(Process p, String key) {
    for (Tag t : p.tags()) {
      if (t.key().equals(key)) {
        return t;
      }
    }
    return null;
  }
}
