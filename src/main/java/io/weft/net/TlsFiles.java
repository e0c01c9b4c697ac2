package io.weft.net;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PEM files, read at start and again whenever one changes on disk (size or modification time,
 * polled every {@code tls.reload-interval}). Servers and clients hold a {@link ReloadingKeyManager}
 * and {@link ReloadingTrustManager} over this, so the next handshake uses the new reading; the
 * connections already open keep theirs. A reading that fails (a half-written file, a key that does
 * not match) is logged and counted, and the previous one stays.
 */
public final class TlsFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TlsFiles.class);

  private final TlsSettings settings;
  private volatile TlsMaterial current;
  private volatile TlsMaterial previous;
  private final List<Consumer<TlsMaterial>> listeners = new CopyOnWriteArrayList<>();
  private Counter reloaded;
  private Counter failed;
  private long timer = -1;

  /** Reads the files now: a node with bad TLS files does not start. */
  public TlsFiles(TlsSettings settings) {
    this.settings = settings;
    try {
      this.current = TlsMaterial.load(settings, 1);
    } catch (Exception e) {
      throw new io.weft.config.ConfigException("tls: cannot read the certificate files: " + e.getMessage());
    }
  }

  public TlsSettings settings() {
    return settings;
  }

  TlsMaterial current() {
    return current;
  }

  /** The reading of this generation if still held (a handshake that began just before a swap), else the current one. */
  TlsMaterial generation(long g) {
    TlsMaterial c = current;
    TlsMaterial p = previous;
    return p != null && p.generation() == g ? p : c;
  }

  /** Called (on a worker thread) with each new reading. */
  void onReload(Consumer<TlsMaterial> listener) {
    listeners.add(listener);
  }

  /** Starts polling; counted in weft_tls_reloads_total{outcome}. */
  public void start(Vertx vertx, WeftMetrics metrics) {
    reloaded = Counter.builder("weft_tls_reloads").description("certificate files read again after a change")
        .tag("outcome", "ok").register(metrics.meterRegistry());
    failed = Counter.builder("weft_tls_reloads").description("certificate files read again after a change")
        .tag("outcome", "failed").register(metrics.meterRegistry());
    metrics.gauge("weft_tls_certificate_expiry_seconds", "seconds until the served certificate expires",
        () -> current.leaf() == null ? 0 : (current.leaf().getNotAfter().getTime() - System.currentTimeMillis()) / 1000);
    if (settings.reloadMs() > 0) {
      timer = vertx.setPeriodic(settings.reloadMs(), id -> vertx.executeBlocking(() -> {
        check();
        return null;
      }, false));
    }
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Blocks: reads the files again if they changed. */
  synchronized void check() {
    String stamp;
    try {
      stamp = TlsMaterial.stamp(settings);
    } catch (Exception e) {
      return; // a file briefly missing while it is replaced: the next poll sees it
    }
    TlsMaterial c = current;
    if (stamp.equals(c.stamp()) || stamp.equals(lastFailedStamp)) {
      return;
    }
    try {
      TlsMaterial next = TlsMaterial.load(settings, c.generation() + 1);
      previous = c;
      current = next;
      lastFailedStamp = null;
      if (reloaded != null) {
        reloaded.increment();
      }
      LOG.info("TLS certificate files changed: new connections use the new reading{}",
          next.leaf() == null ? "" : " (certificate " + next.leaf().getSubjectX500Principal().getName()
              + ", valid until " + next.leaf().getNotAfter().toInstant() + ")");
      for (Consumer<TlsMaterial> l : listeners) {
        l.accept(next);
      }
    } catch (Exception e) {
      lastFailedStamp = stamp;
      if (failed != null) {
        failed.increment();
      }
      LOG.warn("TLS certificate files changed but cannot be read ({}); still serving the previous certificate",
          e.getMessage());
    }
  }

  private String lastFailedStamp;
}
