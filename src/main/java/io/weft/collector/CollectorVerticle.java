package io.weft.collector;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.weft.metrics.WeftMetrics;
import io.weft.net.HttpListeners;
import io.weft.net.ListenerGroup;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenantResolver;
import io.weft.tenant.TenantRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The collector role: the four receivers (OTLP gRPC and HTTP, Jaeger thrift HTTP, Zipkin) and the
 * event-bus consumer of agents' batches, all feeding one {@link SpanProcessor}. Several instances may
 * be deployed; Vert.x shares each port between them, spreading connections over the event loops, and
 * the event bus spreads batches over their consumers.
 *
 * <p>Under tenancy each port resolves a request's tenant first ({@link TenantRouting}) and hands it to
 * that tenant's router or gRPC server, whose receivers write as that tenant.
 */
public final class CollectorVerticle extends VerticleBase {
  private final CollectorSettings settings;
  private final SpanProcessor processor;
  private final WeftMetrics metrics;
  private final BiConsumer<String, Router> zipkinPortRoutes;
  private final TenantResolver tenants;
  private final List<HttpServer> servers = new ArrayList<>();

  public CollectorVerticle(CollectorSettings settings, SpanProcessor processor, WeftMetrics metrics) {
    this(settings, processor, metrics, (t, r) -> { }, TenantResolver.disabled());
  }

  /**
   * {@code zipkinPortRoutes} adds a tenant's routes to the Zipkin port (Zipkin's query API, which the
   * Zipkin server serves there too).
   */
  public CollectorVerticle(CollectorSettings settings, SpanProcessor processor, WeftMetrics metrics,
      BiConsumer<String, Router> zipkinPortRoutes, TenantResolver tenants) {
    this.settings = settings;
    this.processor = processor;
    this.metrics = metrics;
    this.zipkinPortRoutes = zipkinPortRoutes;
    this.tenants = tenants;
  }

  @Override
  public Future<?> start() {
    List<Future<?>> started = new ArrayList<>();
    started.add(BusReceiver.register(vertx, processor, metrics, tenants).completion());
    if (settings.otlpGrpcPort() > 0) {
      started.add(listen(TenantRouting.grpc(tenants, new PerTenant<>(tenant -> {
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(settings.maxRequestBytes()));
        OtlpGrpcReceiver.mount(grpc, processor, metrics, tenant);
        return grpc;
      })), settings.otlpGrpcPort(), "OTLP gRPC", true));
    }
    if (settings.otlpHttpPort() > 0) {
      started.add(listen(TenantRouting.http(tenants, routers(t -> r -> OtlpHttpReceiver.mount(r, ingest(t))),
          OtlpHttpReceiver::refuse), settings.otlpHttpPort(), "OTLP HTTP", false));
    }
    if (settings.jaegerHttpPort() > 0) {
      started.add(listen(TenantRouting.http(tenants, routers(t -> r -> JaegerHttpReceiver.mount(r, ingest(t)))),
          settings.jaegerHttpPort(), "Jaeger thrift HTTP", false));
    }
    if (settings.zipkinHttpPort() > 0) {
      started.add(listen(TenantRouting.http(tenants, routers(t -> r -> {
        ZipkinReceiver.mount(r, ingest(t));
        zipkinPortRoutes.accept(t, r);
      })), settings.zipkinHttpPort(), "Zipkin", false));
    }
    return Future.all(started);
  }

  private HttpIngest ingest(String tenant) {
    return new HttpIngest(processor, metrics, tenant);
  }

  private PerTenant<Router> routers(Function<String, java.util.function.Consumer<Router>> mount) {
    return new PerTenant<>(t -> router(mount.apply(t)));
  }

  private Router router(java.util.function.Consumer<Router> mount) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxRequestBytes()));
    mount.accept(router);
    router.errorHandler(413, ctx -> ctx.response().setStatusCode(413).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", "request body larger than " + settings.maxRequestBytes()
            + " bytes (collector.max-request-bytes)").encode()));
    return router;
  }

  private Future<HttpServer> listen(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler, int port,
      String what, boolean grpc) {
    HttpServerOptions opts = new HttpServerOptions().setHost(settings.host()).setPort(port)
        .setDecompressionSupported(true);
    return (grpc ? HttpListeners.listenGrpc(vertx, ListenerGroup.COLLECTOR, opts, handler, what)
        : HttpListeners.listen(vertx, ListenerGroup.COLLECTOR, opts, handler, what)).onSuccess(servers::add);
  }

  @Override
  public Future<?> stop() {
    return Future.all(servers.stream().map(HttpServer::close).toList());
  }
}
