package io.weft.collector;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.OtlpDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * OTLP/HTTP: {@code POST /v1/traces} in protobuf or JSON; answers in the request's encoding, with
 * OTLP's partial success when some spans were rejected, and a google.rpc.Status body on errors.
 */
final class OtlpHttpReceiver {
  static final String RECEIVER = "otlp-http";

  private OtlpHttpReceiver() {}

  static void mount(Router router, HttpIngest ingest) {
    router.post("/v1/traces").handler(ctx -> handle(ctx, ingest));
  }

  private static void handle(RoutingContext ctx, HttpIngest ingest) {
    String type = contentType(ctx);
    boolean json = type.startsWith("application/json");
    if (!json && !type.startsWith("application/x-protobuf") && !type.startsWith("application/protobuf")) {
      status(ctx, 415, false, 3, "unsupported content type '" + type
          + "': use application/x-protobuf or application/json");
      return;
    }
    ingest.ingest(ctx, RECEIVER, json ? "otlp-json" : "otlp-proto", json ? OtlpDecoder::decodeJson : OtlpDecoder::decodeProto)
        .onSuccess(r -> {
          ExportTraceServiceResponse.Builder resp = ExportTraceServiceResponse.newBuilder();
          if (!r.rejections().isEmpty()) {
            resp.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(r.rejections().size()).setErrorMessage(r.rejectionSummary()));
          }
          ctx.response().setStatusCode(200).putHeader("content-type", json ? "application/json" : "application/x-protobuf");
          if (json) {
            JsonObject body = new JsonObject();
            if (resp.hasPartialSuccess()) {
              body.put("partialSuccess", new JsonObject()
                  .put("rejectedSpans", Long.toString(resp.getPartialSuccess().getRejectedSpans()))
                  .put("errorMessage", resp.getPartialSuccess().getErrorMessage()));
            }
            ctx.response().end(body.encode());
          } else {
            ctx.response().end(Buffer.buffer(resp.build().toByteArray()));
          }
        })
        .onFailure(err -> {
          int status = err instanceof HttpIngest.IngestError ie ? ie.status : 500;
          if (status == 503 || status == 429) {
            ctx.response().putHeader("retry-after", Long.toString(((HttpIngest.IngestError) err).retryAfterSeconds));
          }
          status(ctx, status, json, status == 400 ? 3 : status == 429 ? 8 : 14, err.getMessage());
        });
  }

  /** A request refused for its tenant: a google.rpc.Status like every other OTLP error. */
  static void refuse(io.vertx.core.http.HttpServerRequest req, io.weft.tenant.TenantRefusedException e) {
    String type = req.getHeader("content-type");
    boolean json = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    req.response().setStatusCode(e.httpStatus());
    if (json) {
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("code", e.grpcCode()).put("message", e.getMessage()).encode());
    } else {
      req.response().putHeader("content-type", "application/x-protobuf").end(Buffer.buffer(rpcStatus(e.grpcCode(),
          e.getMessage())));
    }
  }

  /** OTLP says error bodies are a google.rpc.Status (code, message) in the request's encoding. */
  static void status(RoutingContext ctx, int httpStatus, boolean json, int grpcCode, String message) {
    ctx.response().setStatusCode(httpStatus);
    if (json) {
      ctx.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("code", grpcCode).put("message", message).encode());
      return;
    }
    ctx.response().putHeader("content-type", "application/x-protobuf").end(Buffer.buffer(rpcStatus(grpcCode, message)));
  }

  private static byte[] rpcStatus(int grpcCode, String message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, grpcCode);
      out.writeString(2, message);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static String contentType(RoutingContext ctx) {
    String t = ctx.request().getHeader("content-type");
    return t == null ? "application/x-protobuf" : t.toLowerCase(java.util.Locale.ROOT);
  }
}
