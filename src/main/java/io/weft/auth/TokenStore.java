package io.weft.auth;

import io.vertx.core.Vertx;
import io.weft.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens file, read at start (a bad file stops the node) and again when its size or modification
 * time changes (polled every {@code auth.tokens-reload-interval}): a token added, changed or removed
 * counts from the next request. A new reading that fails to parse is logged and the previous one stays.
 */
final class TokenStore {
  private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

  private final Path file;
  private final long reloadMs;
  private volatile TokenFile tokens;
  private String stamp;
  private String failedStamp;
  private long timer = -1;

  TokenStore(String file, long reloadMs) {
    this.file = file.isEmpty() ? null : Path.of(file);
    this.reloadMs = reloadMs;
    if (this.file == null) {
      tokens = TokenFile.EMPTY;
      return;
    }
    try {
      stamp = stamp();
      tokens = TokenFile.parse(Files.readString(this.file));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("auth.tokens-file " + file + ": " + e.getMessage());
    } catch (Exception e) {
      throw new ConfigException("auth.tokens-file: cannot read " + file);
    }
  }

  TokenFile tokens() {
    return tokens;
  }

  void start(Vertx vertx) {
    if (file != null && reloadMs > 0) {
      timer = vertx.setPeriodic(reloadMs, id -> vertx.executeBlocking(() -> {
        check();
        return null;
      }, false));
    }
  }

  void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Blocks: reads the file again if it changed. */
  synchronized void check() {
    String now;
    try {
      now = stamp();
    } catch (Exception e) {
      return; // briefly missing while replaced: the next poll sees it
    }
    if (now.equals(stamp) || now.equals(failedStamp)) {
      return;
    }
    try {
      TokenFile next = TokenFile.parse(Files.readString(file));
      tokens = next;
      stamp = now;
      failedStamp = null;
      LOG.info("tokens file {} changed: {} token(s) from now on", file, next.size());
    } catch (Exception e) {
      failedStamp = now;
      LOG.warn("tokens file {} changed but cannot be used ({}); the previous tokens stay", file, e.getMessage());
    }
  }

  private String stamp() throws java.io.IOException {
    return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
  }
}
