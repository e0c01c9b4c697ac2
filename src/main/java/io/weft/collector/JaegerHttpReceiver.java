package io.weft.collector;

import io.vertx.ext.web.Router;
import io.weft.codec.JaegerThriftDecoder;

/** Jaeger's collector HTTP endpoint: {@code POST /api/traces}, a thrift-binary Batch (jaeger-client's HttpSender). */
final class JaegerHttpReceiver {
  static final String RECEIVER = "jaeger-http";

  private JaegerHttpReceiver() {}

  static void mount(Router router, HttpIngest ingest) {
    router.post("/api/traces").handler(ctx -> {
      String type = ctx.request().getHeader("content-type");
      if (type != null && !type.contains("thrift") && !type.startsWith("application/octet-stream")) {
        ctx.response().setStatusCode(415).putHeader("content-type", "application/json")
            .end("{\"error\":\"unsupported content type '" + type.replace("\"", "") + "': use application/x-thrift\"}");
        return;
      }
      ingest.ingest(ctx, RECEIVER, "jaeger", JaegerThriftDecoder::decodeBatch)
          .onSuccess(r -> HttpIngest.accepted(ctx, r))
          .onFailure(err -> HttpIngest.error(ctx, err));
    });
  }
}
