package io.weft.sampling;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategies currently served, from the strategies file when there is one. The file's modification
 * time and size are polled (off the event loop) and a change reloads it; a file that no longer parses
 * is refused with an error in the log and a counted failure, and the last good strategies stay.
 */
public final class StrategyStore {
  private static final Logger LOG = LoggerFactory.getLogger(StrategyStore.class);

  private final Path file;
  private final double defaultProbability;
  private final WeftMetrics metrics;
  private final CalculatedStrategies adaptive;
  private volatile Strategies current;
  private Object lastSeen; // modification time and size of the last version read, good or bad

  /** {@code file} may be null: every service then gets {@code defaultProbability}. */
  public StrategyStore(Path file, double defaultProbability, WeftMetrics metrics) {
    this(file, defaultProbability, metrics, null);
  }

  /**
   * With {@code adaptive} (may be null), a service gets its adaptive strategy unless the file has an
   * entry of its own for it.
   */
  public StrategyStore(Path file, double defaultProbability, WeftMetrics metrics, CalculatedStrategies adaptive) {
    this.adaptive = adaptive;
    this.file = file;
    this.defaultProbability = defaultProbability;
    this.metrics = metrics;
    this.current = Strategies.fixed(defaultProbability);
  }

  /**
   * A tenant's service's strategy: the file's entry (the same for every tenant), else the tenant's
   * adaptive one, else the file's default.
   */
  public SamplingStrategy forService(String tenant, String service) {
    Strategies s = current;
    return adaptive == null || s.hasService(service) ? s.forService(service) : adaptive.forService(tenant, service);
  }

  public SamplingStrategy forService(String service) {
    Strategies s = current;
    return adaptive == null || s.hasService(service) ? s.forService(service) : adaptive.forService(service);
  }

  /** Reads the file (blocking); a bad file at start fails the node, with the reason. */
  public void load() {
    if (file == null) {
      return;
    }
    try {
      lastSeen = stamp();
      current = Strategies.parse(Files.readAllBytes(file), defaultProbability);
      LOG.info("sampling strategies loaded from {}", file);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot load sampling strategies from " + file + ": " + e.getMessage(), e);
    }
  }

  /** Checks the file every {@code intervalMs} on a worker thread; returns the timer id, or -1. */
  public long watch(Vertx vertx, long intervalMs) {
    if (file == null || intervalMs <= 0) {
      return -1;
    }
    return vertx.setPeriodic(intervalMs, id -> vertx.executeBlocking(() -> {
      reloadIfChanged();
      return null;
    }, false).onFailure(err -> LOG.warn("sampling strategies reload: {}", err.toString())));
  }

  /** Blocking. Public for tests. */
  public synchronized void reloadIfChanged() {
    Object seen;
    try {
      seen = stamp();
    } catch (IOException e) {
      if (lastSeen != null) {
        LOG.error("sampling strategies file {} cannot be read ({}); keeping the last good strategies", file, e.toString());
        reloaded("failed");
      }
      lastSeen = null;
      return;
    }
    if (Objects.equals(seen, lastSeen)) {
      return;
    }
    lastSeen = seen;
    try {
      current = Strategies.parse(Files.readAllBytes(file), defaultProbability);
      LOG.info("sampling strategies reloaded from {}", file);
      reloaded("ok");
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("sampling strategies file {} refused, keeping the last good strategies: {}", file, e.getMessage());
      reloaded("failed");
    }
  }

  private Object stamp() throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.lastModifiedTime() + "/" + a.size();
  }

  private void reloaded(String outcome) {
    metrics.registry().counter("weft_sampling_strategies_reloads", "outcome", outcome).increment();
  }
}
