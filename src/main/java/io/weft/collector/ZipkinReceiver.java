package io.weft.collector;

import io.vertx.ext.web.Router;
import io.weft.codec.ZipkinDecoder;

/** Zipkin's {@code POST /api/v2/spans}: JSON v2 by default, proto3 with application/x-protobuf. */
final class ZipkinReceiver {
  static final String RECEIVER = "zipkin-http";

  private ZipkinReceiver() {}

  static void mount(Router router, HttpIngest ingest) {
    router.post("/api/v2/spans").handler(ctx -> {
      String type = ctx.request().getHeader("content-type");
      boolean proto = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("protobuf");
      ingest.ingest(ctx, RECEIVER, proto ? "zipkin-proto3" : "zipkin-json",
              proto ? ZipkinDecoder::decodeProto3 : ZipkinDecoder::decodeJson)
          .onSuccess(r -> HttpIngest.accepted(ctx, r))
          .onFailure(err -> HttpIngest.error(ctx, err));
    });
  }
}
