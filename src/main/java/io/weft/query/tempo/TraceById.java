package io.weft.query.tempo;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.OtlpEncoder;
import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import io.weft.query.TraceSearchParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A trace by id as Tempo serves it. {@code /api/v2/traces/:id} answers {@code TraceByIDResponse}
 * (field 1: the trace), as protobuf when asked ({@code Accept: application/protobuf}, which Grafana
 * sends) else as JSON; {@code /api/traces/:id} with protobuf asked answers the bare
 * {@code tempopb.Trace}, and otherwise stays Jaeger's JSON API. A Tempo trace is a list of OTLP
 * resource spans, the same field 1 as an OTLP export request, so Weft's OTLP encoder writes it.
 */
final class TraceById {
  private static final String PROTOBUF = "application/protobuf";

  private final QueryService service;

  TraceById(QueryService service) {
    this.service = service;
  }

  void v2(RoutingContext ctx) {
    respond(ctx, true);
  }

  void v1IfProtobuf(RoutingContext ctx) {
    if (!wantsProtobuf(ctx)) {
      ctx.next();
      return;
    }
    respond(ctx, false);
  }

  private void respond(RoutingContext ctx, boolean v2) {
    TraceId id;
    try {
      id = TraceSearchParser.traceId(ctx.pathParam("traceId"));
    } catch (BadRequestException e) {
      TempoReply.sendError(ctx, 400, e);
      return;
    }
    boolean protobuf = wantsProtobuf(ctx);
    service.trace(id, true).onComplete(ar -> {
      if (ar.failed()) {
        TempoReply.sendError(ctx, 500, ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("trace not found");
      } else {
        byte[] trace = OtlpEncoder.encode(ar.result()).toByteArray();
        if (protobuf) {
          ctx.response().putHeader("Content-Type", PROTOBUF).end(Buffer.buffer(v2 ? field1(trace) : trace));
        } else {
          ctx.response().putHeader("Content-Type", "application/json").end(json(ar.result()));
        }
      }
    });
  }

  private static boolean wantsProtobuf(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains(PROTOBUF);
  }

  /** {@code TraceByIDResponse{trace: <bytes>}}: the trace as a length-delimited field 1. */
  static byte[] field1(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 6);
    try {
      CodedOutputStream c = CodedOutputStream.newInstance(out);
      c.writeByteArray(1, message);
      c.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String json(java.util.List<io.weft.model.Span> spans) {
    try {
      return "{\"trace\":" + JsonFormat.printer().omittingInsignificantWhitespace().print(OtlpEncoder.encode(spans))
          + "}";
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
