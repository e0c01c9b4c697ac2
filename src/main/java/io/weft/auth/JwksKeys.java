package io.weft.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity provider's signing keys, fetched from its JWKS URL at start, every
 * {@code auth.oidc.jwks-refresh}, and when a token names a key id not known yet (a key rotation), but
 * then at most once per {@link #MIN_REFETCH_MS} so tokens with made-up key ids cannot make Weft hammer
 * the provider. A fetch that fails keeps the keys held (logged, counted by the caller's refusals).
 */
final class JwksKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  static final long MIN_REFETCH_MS = 10_000;

  private final OidcSettings settings;
  private final String caFile;
  private Vertx vertx;
  private HttpClient client;
  private volatile List<Jwk> keys;
  private volatile String lastError = "not fetched yet";
  private long lastFetchStart = Long.MIN_VALUE / 2;
  private Future<List<Jwk>> inFlight;
  private long timer = -1;

  JwksKeys(OidcSettings settings, String caFile) {
    this.settings = settings;
    this.caFile = caFile;
  }

  /** Fetches now and every refresh interval; the returned future never fails (a failure is logged). */
  Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    HttpClientOptions o = new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(30);
    if (!caFile.isEmpty()) {
      o.setTrustOptions(new PemTrustOptions().addCertPath(caFile));
    }
    this.client = vertx.createHttpClient(o);
    if (settings.refreshMs() > 0) {
      timer = vertx.setPeriodic(settings.refreshMs(), id -> fetch());
    }
    return fetch().<Void>mapEmpty().otherwiseEmpty();
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (client != null) {
      client.close();
    }
  }

  /** The keys held now; null before the first good fetch. */
  List<Jwk> current() {
    return keys;
  }

  String lastError() {
    return lastError;
  }

  /**
   * A token named a key not held: fetch again unless a fetch began within {@link #MIN_REFETCH_MS};
   * the future has the keys held afterwards (null when none could ever be fetched).
   */
  synchronized Future<List<Jwk>> refetchForUnknownKey() {
    if (inFlight != null) {
      return inFlight.otherwise(e -> keys);
    }
    if (System.currentTimeMillis() - lastFetchStart < MIN_REFETCH_MS) {
      return Future.succeededFuture(keys);
    }
    return fetch().otherwise(e -> keys);
  }

  private synchronized Future<List<Jwk>> fetch() {
    if (inFlight != null) {
      return inFlight;
    }
    lastFetchStart = System.currentTimeMillis();
    Promise<List<Jwk>> p = Promise.promise();
    inFlight = p.future();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(settings.jwksUrl())
            .putHeader("accept", "application/json").setTimeout(10_000))
        .compose(req -> req.send().compose(resp -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture("HTTP " + resp.statusCode());
          }
          return resp.body();
        }))
        .map(body -> Jwk.parseSet(body.toString()))
        .onComplete(ar -> {
          synchronized (this) {
            inFlight = null;
          }
          if (ar.succeeded()) {
            if (keys == null || !ar.result().equals(keys)) {
              LOG.info("JWKS from {}: {} signing key(s){}", settings.jwksUrl(), ar.result().size(),
                  ar.result().stream().map(k -> k.kid() == null ? "" : k.kid()).toList());
            }
            keys = ar.result();
            lastError = null;
            p.complete(keys);
          } else {
            lastError = ar.cause().getMessage();
            LOG.warn("cannot fetch the JWKS from {} ({}); {}", settings.jwksUrl(), lastError,
                keys == null ? "JWTs are refused until it answers" : "keeping the keys fetched before");
            p.fail(ar.cause());
          }
        });
    return p.future();
  }
}
