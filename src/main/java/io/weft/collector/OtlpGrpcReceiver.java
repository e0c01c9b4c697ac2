package io.weft.collector;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.weft.codec.CodecException;
import io.weft.codec.OtlpDecoder;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.net.GrpcRetryInfo;
import io.weft.tenant.RateLimitedException;
import java.util.List;

/**
 * OTLP gRPC: {@code TraceService/Export}, bound by hand (no generated stubs). The request is taken
 * as raw bytes so a malformed message gets INVALID_ARGUMENT with a reason, not a generic failure.
 */
final class OtlpGrpcReceiver {
  static final String RECEIVER = "otlp-grpc";
  static final ServiceMethod<Buffer, ExportTraceServiceResponse> EXPORT = ServiceMethod.server(
      ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"), "Export",
      GrpcMessageEncoder.encoder(), GrpcMessageDecoder.IDENTITY);

  private OtlpGrpcReceiver() {}

  /** Writes as {@code tenant}: the port resolved it from the call's metadata. */
  static void mount(GrpcServer server, SpanProcessor processor, WeftMetrics metrics, String tenant) {
    server.callHandler(EXPORT, req -> req.last()
        .onSuccess(body -> export(req, body, processor, metrics, tenant))
        .onFailure(err -> fail(req, GrpcStatus.INVALID_ARGUMENT, "cannot read request: " + err.getMessage())));
  }

  private static void export(GrpcServerRequest<Buffer, ExportTraceServiceResponse> req, Buffer body,
      SpanProcessor processor, WeftMetrics metrics, String tenant) {
    List<Span> spans;
    try {
      spans = OtlpDecoder.decodeProto(body.getBytes());
    } catch (CodecException | IllegalArgumentException e) {
      metrics.requestRejected(RECEIVER, "undecodable");
      fail(req, GrpcStatus.INVALID_ARGUMENT, "cannot decode ExportTraceServiceRequest: " + e.getMessage());
      return;
    }
    String peer = req.connection().remoteAddress() == null ? null : req.connection().remoteAddress().hostAddress();
    processor.process(tenant, body.length(), spans, RECEIVER, "otlp-proto", peer)
        .onSuccess(r -> {
          ExportTraceServiceResponse.Builder resp = ExportTraceServiceResponse.newBuilder();
          if (!r.rejections().isEmpty()) {
            resp.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(r.rejections().size()).setErrorMessage(r.rejectionSummary()));
          }
          req.response().end(resp.build());
        })
        .onFailure(err -> {
          if (err instanceof RateLimitedException rl) {
            // RESOURCE_EXHAUSTED with RetryInfo: OTLP exporters retry it after the delay given.
            req.response().trailers().set(GrpcRetryInfo.TRAILER,
                GrpcRetryInfo.trailer(GrpcStatus.RESOURCE_EXHAUSTED.code, err.getMessage(), rl.retryAfterSeconds()));
            fail(req, GrpcStatus.RESOURCE_EXHAUSTED, err.getMessage());
            return;
          }
          if (!(err instanceof SpanProcessor.QueueFullException)) {
            metrics.requestRejected(RECEIVER, "storage-error");
          }
          // UNAVAILABLE is the status OTLP exporters retry with backoff.
          fail(req, GrpcStatus.UNAVAILABLE, err.getMessage());
        });
  }

  private static void fail(GrpcServerRequest<Buffer, ExportTraceServiceResponse> req, GrpcStatus status, String msg) {
    req.response().status(status).statusMessage(msg).end();
  }
}
