package io.weft.query.apiv3;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.weft.query.JsonBuffers;
import java.io.IOException;

/**
 * An api_v3 answer: a status and its JSON body, written in one pass into one buffer. Errors have
 * the shape of jaeger-idl's {@code GRPCGatewayError}: {@code {"error":{"grpcCode":3,"httpCode":400,"message":"..."}}}.
 */
record ApiReply(int status, Body body, int spans) {
  /** Answers with more spans than this are encoded on a worker thread, not on the event loop. */
  static final int OFFLOAD_SPANS = 2_000;


  /** Writes the body's JSON value. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static ApiReply ok(Body body) {
    return new ApiReply(200, body, 0);
  }

  /** An answer holding {@code spans} spans, so that a large one is encoded off the event loop. */
  static ApiReply ok(Body body, int spans) {
    return new ApiReply(200, body, spans);
  }

  static ApiReply error(int httpCode, String message) {
    return new ApiReply(httpCode, g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeNumberField("grpcCode", grpcCode(httpCode));
      g.writeNumberField("httpCode", httpCode);
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    }, 0);
  }

  /** The gRPC status grpc-gateway pairs with the HTTP status. */
  static int grpcCode(int httpCode) {
    return switch (httpCode) {
      case 400 -> 3; // INVALID_ARGUMENT
      case 404 -> 5; // NOT_FOUND
      case 405 -> 12; // UNIMPLEMENTED
      case 413 -> 8; // RESOURCE_EXHAUSTED
      case 503 -> 14; // UNAVAILABLE
      default -> 13; // INTERNAL
    };
  }

  Buffer toBuffer() {
    return JsonBuffers.write(body::write, 1024);
  }

  void send(RoutingContext ctx) {
    send(ctx, toBuffer());
  }

  void send(RoutingContext ctx, Buffer encoded) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
  }
}
