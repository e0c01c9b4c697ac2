package io.weft.sampling;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.weft.metrics.WeftMetrics;
import io.weft.net.HttpListeners;
import io.weft.net.ListenerGroup;
import io.weft.tenant.TenantRefusedException;
import io.weft.tenant.TenantResolver;
import io.weft.tenant.TenantRouting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves sampling strategies to SDKs: Jaeger's HTTP API ({@code GET /sampling?service=}, and {@code /}
 * for old clients) and the gRPC {@code jaeger.api_v2.SamplingManager/GetSamplingStrategy} that
 * OpenTelemetry's Jaeger remote sampler polls. Both answer from one {@link StrategyStore}: the strategies
 * file, and with adaptive sampling on, the calculated per-operation probabilities for every service the
 * file has no entry of its own for.
 *
 * <p>Under tenancy each request's tenant is resolved as every listener's is (a token's, the tenant
 * header or {@code X-Scope-OrgID}), else it is the agent's {@code agent.tenant}, else the default
 * tenant; adaptive strategies are that tenant's own. Refusals are answered as everywhere (401/403 with
 * {@code {"error": ...}}, gRPC UNAUTHENTICATED/PERMISSION_DENIED).
 */
public final class SamplingVerticle extends VerticleBase {
  static final ServiceMethod<Buffer, Buffer> GET_STRATEGY = ServiceMethod.server(
      ServiceName.create("jaeger.api_v2.SamplingManager"), "GetSamplingStrategy",
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);

  private final SamplingSettings settings;
  private final WeftMetrics metrics;
  private final CalculatedStrategies adaptive;
  private final TenantResolver tenants;
  private final String agentTenant;
  private final List<HttpServer> servers = new ArrayList<>();
  private StrategyStore store;
  private long watch = -1;
  private long refresh = -1;

  /** {@code adaptive} may be null (adaptive sampling off). */
  public SamplingVerticle(SamplingSettings settings, WeftMetrics metrics, CalculatedStrategies adaptive) {
    this(settings, metrics, adaptive, TenantResolver.disabled(), "");
  }

  /** {@code agentTenant}: the tenant of requests that name none (empty: the default tenant). */
  public SamplingVerticle(SamplingSettings settings, WeftMetrics metrics, CalculatedStrategies adaptive,
      TenantResolver tenants, String agentTenant) {
    this.settings = settings;
    this.metrics = metrics;
    this.adaptive = adaptive;
    this.tenants = tenants;
    this.agentTenant = agentTenant == null ? "" : agentTenant;
  }

  @Override
  public Future<?> start() {
    store = new StrategyStore(settings.file(), settings.defaultProbability(), metrics, adaptive);
    if (adaptive != null) { // the latest probabilities, as Jaeger's provider re-reads them
      adaptive.refresh();
      refresh = vertx.setPeriodic(adaptive.refreshMs(), id -> adaptive.refresh());
    }
    return vertx.executeBlocking(() -> {
      store.load();
      return null;
    }).compose(v -> {
      watch = store.watch(vertx, settings.reloadIntervalMs());
      List<Future<HttpServer>> started = new ArrayList<>();
      if (settings.httpPort() > 0) {
        Router router = Router.router(vertx);
        router.get("/sampling").handler(ctx -> http(ctx, false));
        router.get("/").handler(ctx -> http(ctx, true));
        started.add(listen(router, settings.httpPort(), "sampling strategies (HTTP)", false));
      }
      if (settings.grpcPort() > 0) {
        GrpcServer grpc = GrpcServer.server(vertx);
        grpc.callHandler(GET_STRATEGY, req -> req.last().onSuccess(body -> {
          String service;
          try {
            service = SamplingProto.decodeServiceName(body.getBytes());
          } catch (IOException e) {
            requests("grpc", "bad-request").increment();
            req.response().status(GrpcStatus.INVALID_ARGUMENT).statusMessage("malformed request: " + e.getMessage()).end();
            return;
          }
          String tenant;
          try {
            tenant = tenants.resolveOr(req.headers(), agentTenant);
          } catch (TenantRefusedException e) {
            requests("grpc", "refused").increment();
            req.response().status(GrpcStatus.valueOf(e.grpcCode())).statusMessage(e.getMessage()).end();
            return;
          }
          requests("grpc", "ok").increment();
          req.response().end(Buffer.buffer(SamplingProto.encode(store.forService(tenant, service))));
        }));
        started.add(listen(grpc::handle, settings.grpcPort(), "sampling strategies (gRPC)", true));
      }
      return Future.all(started);
    });
  }

  /** As Jaeger's agent: exactly one {@code service} parameter, else 400. */
  private void http(RoutingContext ctx, boolean legacy) {
    String endpoint = legacy ? "http-legacy" : "http";
    List<String> service = ctx.queryParam("service");
    if (service.size() != 1) {
      requests(endpoint, "bad-request").increment();
      ctx.response().setStatusCode(400).putHeader("content-type", "text/plain; charset=utf-8")
          .end("'service' parameter must be provided once\n");
      return;
    }
    String tenant;
    try {
      tenant = tenants.resolveOr(ctx.request().headers(), agentTenant);
    } catch (TenantRefusedException e) {
      requests(endpoint, "refused").increment();
      TenantRouting.refuseJson(ctx.request(), e);
      return;
    }
    requests(endpoint, "ok").increment();
    ctx.response().putHeader("content-type", "application/json")
        .end(SamplingJson.encode(store.forService(tenant, service.get(0)), legacy).encode());
  }

  private Counter requests(String endpoint, String outcome) {
    return Counter.builder("weft_sampling_requests").description("sampling strategy requests, per endpoint and outcome")
        .tag("endpoint", endpoint).tag("outcome", outcome).register(metrics.meterRegistry());
  }

  private Future<HttpServer> listen(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler, int port,
      String what, boolean grpc) {
    HttpServerOptions o = new HttpServerOptions().setHost(settings.host()).setPort(port);
    return (grpc ? HttpListeners.listenGrpc(vertx, ListenerGroup.SAMPLING, o, handler, what)
        : HttpListeners.listen(vertx, ListenerGroup.SAMPLING, o, handler, what)).onSuccess(servers::add);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(watch);
    vertx.cancelTimer(refresh);
    return Future.all(servers.stream().map(HttpServer::close).toList());
  }
}
