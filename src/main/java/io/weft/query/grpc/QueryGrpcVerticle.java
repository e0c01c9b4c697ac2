package io.weft.query.grpc;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.weft.metrics.WeftMetrics;
import io.weft.net.HttpListeners;
import io.weft.net.ListenerGroup;
import io.weft.query.QueryService;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenantResolver;
import io.weft.tenant.TenantRouting;
import java.util.function.Function;

/**
 * The query role's gRPC port (Jaeger's 16685): {@code jaeger.api_v3.QueryService} and
 * {@code jaeger.api_v2.QueryService} on one listener, bound to the node's host. Port 0 turns it off.
 */
public final class QueryGrpcVerticle extends VerticleBase {
  public static final int DEFAULT_PORT = 16685;

  private final Function<String, QueryService> queries;
  private final Function<String, TraceArchive> archive;
  private final TenantResolver tenants;
  private final String host;
  private final int port;
  private final WeftMetrics metrics;
  private HttpServer server;

  /** {@code archive} null: api_v2's ArchiveTrace answers UNIMPLEMENTED. */
  public QueryGrpcVerticle(QueryService queries, TraceArchive archive, String host, int port, WeftMetrics metrics) {
    this(t -> queries, t -> archive, TenantResolver.disabled(), host, port, metrics);
  }

  /** Each call answered by its tenant's services, the tenant resolved from the call's metadata. */
  public QueryGrpcVerticle(Function<String, QueryService> queries, Function<String, TraceArchive> archive,
      TenantResolver tenants, String host, int port, WeftMetrics metrics) {
    this.tenants = tenants;
    this.queries = queries;
    this.archive = archive;
    this.host = host;
    this.port = port;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    if (port <= 0) {
      return Future.succeededFuture();
    }
    PerTenant<GrpcServer> servers = new PerTenant<>(t -> {
      GrpcServer grpc = GrpcServer.server(vertx);
      new ApiV3Service(queries.apply(t)).mount(grpc, metrics.meterRegistry());
      new ApiV2Service(queries.apply(t), archive.apply(t)).mount(grpc, metrics.meterRegistry());
      return grpc;
    });
    return HttpListeners.listenGrpc(vertx, ListenerGroup.QUERY, new HttpServerOptions().setHost(host).setPort(port),
            TenantRouting.grpc(tenants, servers), "query (gRPC)")        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port listened on; -1 when off or before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
