package io.weft.sampling.tail;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy file in force: read at start (a bad file stops the node, naming the line and the
 * reason), then re-read when its modification time or size changes; a bad version is refused, logged
 * and counted, and the policies in force stay.
 */
public final class TailPolicies {
  private static final Logger LOG = LoggerFactory.getLogger(TailPolicies.class);

  private final Path file;
  private final TailMetrics metrics;
  private volatile TailConfig current;
  private Object lastSeen;

  private TailPolicies(Path file, TailMetrics metrics) {
    this.file = file;
    this.metrics = metrics;
  }

  /** Blocking; throws {@link IllegalStateException} naming the file, the line and the reason. */
  public static TailPolicies load(Path file, TailMetrics metrics) {
    TailPolicies p = new TailPolicies(file, metrics);
    try {
      p.lastSeen = p.stamp();
      p.current = TailConfig.parse(Files.readAllBytes(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("tail sampling policy file " + file + " refused: " + e.getMessage(), e);
    }
    LOG.info("tail sampling: {} policies from {}, decision after {} ms", p.current.policies().size(), file,
        p.current.decisionWaitMs());
    return p;
  }

  public TailConfig current() {
    return current;
  }

  /** Checks the file every {@code intervalMs} on a worker; returns the timer id, or -1. */
  public long watch(Vertx vertx, long intervalMs) {
    if (intervalMs <= 0) {
      return -1;
    }
    return vertx.setPeriodic(intervalMs, id -> vertx.executeBlocking(() -> {
      reloadIfChanged();
      return null;
    }, false));
  }

  /** Blocking. */
  public synchronized void reloadIfChanged() {
    Object seen;
    try {
      seen = stamp();
    } catch (IOException e) {
      if (lastSeen != null) {
        LOG.error("tail sampling policy file {} cannot be read ({}); the policies in force stay", file, e.toString());
        metrics.reload(false);
      }
      lastSeen = null;
      return;
    }
    if (Objects.equals(seen, lastSeen)) {
      return;
    }
    lastSeen = seen;
    try {
      current = TailConfig.parse(Files.readAllBytes(file));
      LOG.info("tail sampling policies reloaded from {}", file);
      metrics.reload(true);
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("tail sampling policy file {} refused, the policies in force stay: {}", file, e.getMessage());
      metrics.reload(false);
    }
  }

  private Object stamp() throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.lastModifiedTime() + "/" + a.size();
  }
}
