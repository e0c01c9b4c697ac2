package io.weft.query.tempo;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.JaegerUiJson;
import io.weft.traceql.ParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes the Tempo API's answers: JSON bodies, protobuf bodies, and errors as JSON with a status. */
final class TempoReply {
  /** Writes one JSON document. */
  interface JsonBody {
    void write(JsonGenerator g) throws IOException;
  }

  private TempoReply() {}

  static Buffer json(JsonBody body) {
    Buffer buf = Buffer.buffer(4096);
    try (JsonGenerator g = JaegerUiJson.generator(new OutputStream() {
      @Override
      public void write(int b) {
        buf.appendByte((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        buf.appendBytes(b, off, len);
      }
    })) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen writing to memory
    }
    return buf;
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
