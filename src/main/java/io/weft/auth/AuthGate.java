package io.weft.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.weft.net.ListenerGroup;
import io.weft.net.RequestGate;
import io.weft.wire.Addresses;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weft's {@link RequestGate}: every request to a listener group of {@code auth.listeners} shows a
 * bearer token ({@link Authenticator}) with the permission its route needs ({@link AccessRules}), or
 * is refused ({@link Refusals}: 401/403/503, gRPC UNAUTHENTICATED/PERMISSION_DENIED/UNAVAILABLE, a
 * bridge error frame) and counted in {@code weft_auth_refused_total{listener,reason}}. A request let
 * through carries who sent it in {@link #TENANT_HEADER} and {@link #PRINCIPAL_HEADER}, which a client
 * can never set itself: they are removed from every request first, authentication on or off.
 */
public final class AuthGate implements RequestGate {
  /** The tenant of the caller's token (absent: the token names none, or authentication is off). */
  public static final String TENANT_HEADER = "weft-auth-tenant";
  /** The caller's name (the tokens file's NAME, or "jwt " + sub). */
  public static final String PRINCIPAL_HEADER = "weft-auth-principal";

  private final AuthSettings settings;
  private final Authenticator authenticator;
  private final TokenStore tokens;
  private final JwksKeys jwks;
  private final MeterRegistry registry;
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private volatile Vertx vertx;

  private AuthGate(AuthSettings settings, TokenStore tokens, JwksKeys jwks, MeterRegistry registry) {
    this.settings = settings;
    this.tokens = tokens;
    this.jwks = jwks;
    this.registry = registry;
    this.authenticator = new Authenticator(tokens, jwks, new JwtRules(settings.oidc()), System::currentTimeMillis,
        check -> vertx == null ? Authenticator.inline(check) : vertx.executeBlocking(check, false));
  }

  /** Reads the tokens file now (a bad one is a {@link io.weft.config.ConfigException}); call {@link #start} on the node's Vert.x. */
  public static AuthGate create(AuthSettings settings, MeterRegistry registry) {
    TokenStore tokens = new TokenStore(settings.tokensFile(), settings.tokensReloadMs());
    JwksKeys jwks = settings.oidc().enabled() ? new JwksKeys(settings.oidc(), settings.jwksCa()) : null;
    return new AuthGate(settings, tokens, jwks, registry);
  }

  /** Starts polling the tokens file and fetches the JWKS (the future waits for the first fetch, never fails). */
  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    tokens.start(vertx);
    return jwks == null ? Future.succeededFuture() : jwks.start(vertx);
  }

  public void stop(Vertx vertx) {
    tokens.stop(vertx);
    if (jwks != null) {
      jwks.stop();
    }
  }

  public AuthSettings settings() {
    return settings;
  }

  @Override
  public Handler<HttpServerRequest> http(ListenerGroup group, Handler<HttpServerRequest> next) {
    boolean on = settings.on(group);
    return req -> {
      req.headers().remove(TENANT_HEADER).remove(PRINCIPAL_HEADER);
      if (!on) {
        next.handle(req);
        return;
      }
      boolean grpc = Refusals.isGrpc(req);
      Permission need = AccessRules.required(group, req.method(), req.path(), grpc);
      if (need == null) {
        next.handle(req);
        return;
      }
      Future<Principal> who = authenticator.authenticate(req.getHeader("authorization"));
      if (who.isComplete()) {
        decide(group, need, req, who, next);
        return;
      }
      req.pause(); // a key is being fetched: hold the body until the caller is known
      who.onComplete(ar -> {
        if (decide(group, need, req, who, next)) {
          req.resume();
        }
      });
    };
  }

  /** true when the request went on to {@code next}. */
  private boolean decide(ListenerGroup group, Permission need, HttpServerRequest req, Future<Principal> who,
      Handler<HttpServerRequest> next) {
    AuthException refusal = refusal(who, need);
    if (refusal != null) {
      count(group, refusal);
      Refusals.http(req, group, refusal);
      return false;
    }
    Principal p = who.result();
    if (p.tenant() != null) {
      req.headers().set(TENANT_HEADER, p.tenant());
    }
    req.headers().set(PRINCIPAL_HEADER, p.name());
    next.handle(req);
    return true;
  }

  private static AuthException refusal(Future<Principal> who, Permission need) {
    if (who.failed()) {
      return who.cause() instanceof AuthException e ? e
          : AuthException.unauthenticated("error", "the token cannot be checked: " + who.cause().getMessage());
    }
    Principal p = who.result();
    if (p.may(need)) {
      return null;
    }
    return new AuthException(AuthException.Kind.FORBIDDEN, "forbidden", "the token of '" + p.name() + "' grants "
        + (p.permissions().isEmpty() ? "no Weft permission" : String.join(",", p.permissions().stream()
            .map(Permission::id).sorted().toList())) + "; this needs " + need.id());
  }

  @Override
  public void bridge(ListenerGroup group, BaseBridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    JsonObject headers = raw == null ? null : raw.getJsonObject("headers");
    String authorization = headers == null ? null : headers.getString("authorization");
    if (headers != null) { // never forwarded onto the event bus
      headers.remove("authorization");
      headers.remove(TENANT_HEADER);
      headers.remove(PRINCIPAL_HEADER);
    }
    if (!settings.on(group) || !Refusals.guarded(event.type())) {
      event.complete(true);
      return;
    }
    Permission need = AccessRules.bridge(raw == null ? null : raw.getString("address"), Addresses.ADMIN_INBOUND);
    authenticator.authenticate(authorization).onComplete(ar -> {
      AuthException refusal = refusal(ar.succeeded() ? Future.succeededFuture(ar.result())
          : Future.failedFuture(ar.cause()), need);
      if (refusal == null && ar.result().tenant() != null) {
        refusal = otherTenantsLive(raw == null ? null : raw.getString("address"), ar.result().tenant());
      }
      if (refusal != null) {
        count(group, refusal);
        Refusals.bridge(event, refusal);
        event.complete(false);
        return;
      }
      if (ar.result().tenant() != null && headers != null) {
        headers.put(TENANT_HEADER, ar.result().tenant());
      }
      event.complete(true);
    });
  }

  /**
   * A tenant's token may watch its own tenant's live spans only, as the browser bridge pins a
   * connection to its tenant: not another tenant's address, nor the untenanted {@code weft.spans.live*}.
   */
  static AuthException otherTenantsLive(String address, String tenant) {
    if (address == null || Addresses.openTo(address, tenant)) {
      return null;
    }
    return new AuthException(AuthException.Kind.FORBIDDEN, "other_tenant",
        "the token of tenant '" + tenant + "' may watch " + Addresses.liveOf(tenant, null) + "* only");
  }

  private void count(ListenerGroup group, AuthException e) {
    refused.computeIfAbsent(group.id() + "/" + e.reason(), k -> Counter.builder("weft_auth_refused")
        .description("requests refused by authentication or authorization, per listener group and reason")
        .tag("listener", group.id()).tag("reason", e.reason()).register(registry)).increment();
  }
}
