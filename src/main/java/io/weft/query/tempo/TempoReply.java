package io.weft.query.tempo;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.weft.query.JsonBuffers;
import io.weft.traceql.ParseException;

/** Writes the Tempo API's answers: JSON bodies, protobuf bodies, and errors as JSON with a status. */
final class TempoReply {
  private TempoReply() {}

  static Buffer json(JsonBuffers.Body body) {
    return JsonBuffers.write(body, 4096);
  }

  static void sendJson(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  /** {@code {"error": message}}, and for a query that does not parse where and what. */
  static void sendError(RoutingContext ctx, int status, Throwable err) {
    sendJson(ctx, status, json(g -> {
      g.writeStartObject();
      g.writeStringField("error", String.valueOf(err.getMessage()));
      if (err instanceof ParseException p) {
        g.writeNumberField("line", p.line());
        g.writeNumberField("column", p.column());
        g.writeStringField("expected", p.expected());
        g.writeStringField("found", p.found());
      }
      g.writeEndObject();
    }));
  }
}
