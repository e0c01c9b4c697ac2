package io.weft.query.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.StatusException;
import io.weft.query.BadRequestException;
import io.weft.storage.StorageUnavailableException;
import java.util.Iterator;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds one gRPC method: reads the request bytes (a message that does not parse is INVALID_ARGUMENT
 * with the reason), runs the handler, and answers its result, or a status for its failure:
 * {@link StatusException} as given, {@link BadRequestException} INVALID_ARGUMENT,
 * {@link StorageUnavailableException} UNAVAILABLE (retryable), anything else INTERNAL (logged).
 * Counts every call per API, method and status in {@code weft_query_grpc_requests_total}.
 */
final class GrpcCalls {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcCalls.class);

  private final GrpcServer server;
  private final ServiceName service;
  private final String api;
  private final MeterRegistry registry;

  GrpcCalls(GrpcServer server, ServiceName service, String api, MeterRegistry registry) {
    this.server = server;
    this.service = service;
    this.api = api;
    this.registry = registry;
  }

  /** A method answering one message. */
  <Req extends Message, Resp extends com.google.protobuf.MessageLite> void unary(String method, Parser<Req> parser, Function<Req, Future<Resp>> handler) {
    server.callHandler(ServiceMethod.server(service, method, GrpcMessageEncoder.<Resp>encoder(),
        GrpcMessageDecoder.IDENTITY), req -> req.last()
            .onSuccess(body -> call(req, method, parser, body, handler).onComplete(
                resp -> {
                  count(method, GrpcStatus.OK);
                  req.response().end(resp);
                },
                err -> fail(req, method, err)))
            .onFailure(err -> fail(req, method, new StatusException(GrpcStatus.INVALID_ARGUMENT,
                "cannot read the request: " + err.getMessage()))));
  }

  /** A method answering a stream of messages, written as the client reads them ({@link StreamReply}). */
  <Req extends Message, Resp extends com.google.protobuf.MessageLite> void streaming(String method, Parser<Req> parser,
      Function<Req, Future<Iterator<Resp>>> handler) {
    server.callHandler(ServiceMethod.server(service, method, GrpcMessageEncoder.<Resp>encoder(),
        GrpcMessageDecoder.IDENTITY), req -> req.last()
            .onSuccess(body -> call(req, method, parser, body, handler).onComplete(
                messages -> StreamReply.send(req, messages).onComplete(
                    n -> count(method, GrpcStatus.OK),
                    err -> count(method, GrpcStatus.CANCELLED)),
                err -> fail(req, method, err)))
            .onFailure(err -> fail(req, method, new StatusException(GrpcStatus.INVALID_ARGUMENT,
                "cannot read the request: " + err.getMessage()))));
  }

  private <Req extends Message, T> Future<T> call(GrpcServerRequest<Buffer, ?> req, String method, Parser<Req> parser,
      Buffer body, Function<Req, Future<T>> handler) {
    Req request;
    try {
      request = parser.parseFrom(body.getBytes());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new StatusException(GrpcStatus.INVALID_ARGUMENT,
          "cannot decode " + service.fullyQualifiedName() + "/" + method + " request: " + e.getMessage()));
    }
    try {
      return handler.apply(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void fail(GrpcServerRequest<Buffer, ?> req, String method, Throwable err) {
    GrpcStatus status;
    String message;
    if (err instanceof StatusException s) {
      status = s.status();
      message = s.message();
    } else if (err instanceof BadRequestException) {
      status = GrpcStatus.INVALID_ARGUMENT;
      message = err.getMessage();
    } else if (err instanceof StorageUnavailableException) {
      status = GrpcStatus.UNAVAILABLE;
      message = err.getMessage();
    } else {
      status = GrpcStatus.INTERNAL;
      message = "cannot answer " + method + ": " + err;
      LOG.error("{} {}/{} failed", api, service.fullyQualifiedName(), method, err);
    }
    count(method, status);
    req.response().status(status).statusMessage(message == null ? status.name() : message).end();
  }

  private void count(String method, GrpcStatus status) {
    Counter.builder("weft_query_grpc_requests")
        .description("gRPC query calls (Jaeger api_v2 and api_v3), per API, method and status")
        .tag("api", api).tag("method", method).tag("status", status.name())
        .register(registry).increment();
  }
}
