package io.weft.agent;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.weft.codec.OtlpEncoder;
import io.weft.net.NetPolicy;
import io.weft.model.Span;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Batches as OTLP {@code TraceService/Export} calls to one collector ({@code agent.collector.host}),
 * for an agent outside the cluster. INVALID_ARGUMENT is final; every other failure (connection
 * refused, UNAVAILABLE from a full queue, a deadline) is retried.
 */
final class OtlpGrpcSender implements BatchSender {
  private static final ServiceMethod<ExportTraceServiceResponse, Buffer> EXPORT = ServiceMethod.client(
      ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"), "Export",
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.decoder(ExportTraceServiceResponse.newBuilder()));

  private final GrpcClient client;
  private final SocketAddress address;
  private final long timeoutMs;
  private final String authorization;
  private final String tenant;
  private final String tenantHeader;

  /**
   * {@code tls}: TLS as the node's {@link NetPolicy} says (trusting tls.ca, showing tls.cert when asked);
   * {@code token}: the bearer token shown to the collector (empty: none); {@code tenant} (empty: none) is
   * sent as the {@code tenantHeader} metadata of every call.
   */
  OtlpGrpcSender(Vertx vertx, String host, int port, long timeoutMs, boolean tls, String token, String tenant,
      String tenantHeader) {
    this.authorization = token.isEmpty() ? null : "Bearer " + token;
    this.tenant = tenant;
    this.tenantHeader = tenantHeader;
    this.client = tls ? GrpcClient.client(vertx, NetPolicy.of(vertx).client(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2))) : GrpcClient.client(vertx);
    this.address = SocketAddress.inetSocketAddress(port, host);
    this.timeoutMs = timeoutMs;
  }

  @Override
  public EncodedBatch encode(List<Span> spans) {
    return new EncodedBatch(OtlpEncoder.encode(spans).toByteArray(), spans.size());
  }

  @Override
  public Future<Void> send(EncodedBatch b) {
    return client.request(address, EXPORT).compose(req -> {
      req.timeout(timeoutMs, TimeUnit.MILLISECONDS);
      if (authorization != null) {
        req.headers().set("authorization", authorization);
      }
      if (!tenant.isEmpty()) {
        req.headers().set(tenantHeader, tenant);
      }
      req.end(Buffer.buffer(b.bytes()));
      return req.response().compose(resp -> resp.last().transform(ar -> {
        GrpcStatus st = resp.status();
        if (ar.succeeded() && (st == null || st == GrpcStatus.OK)) {
          return Future.succeededFuture();
        }
        String why = st + " " + resp.statusMessage();
        return Future.failedFuture(st == GrpcStatus.INVALID_ARGUMENT ? new Refused(why) : new IllegalStateException(why));
      }));
    });
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
