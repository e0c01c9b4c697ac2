package io.weft.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.JaegerUiJson;
import io.weft.codec.JaegerUiJson.ApiError;
import io.weft.codec.JaegerUiJson.DataWriter;
import io.weft.storage.PartialResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** A response of the API: HTTP status and the parts of Jaeger's envelope. */
record JsonReply(int status, int total, DataWriter data, List<ApiError> errors) {

  static JsonReply ok(int total, DataWriter data) {
    return new JsonReply(200, total, data, List.of());
  }

  /** 200 with the data; when {@code answer} is partial (a storage tier unread), its notice as an error beside the data. */
  static JsonReply ok(int total, DataWriter data, List<?> answer) {
    return new JsonReply(200, total, data, notices(answer));
  }

  /** The notice of a partial answer as Jaeger's structured error (code 206: the data is partial). */
  static List<ApiError> notices(List<?> answer) {
    String notice = PartialResult.notice(answer);
    return notice == null ? List.of() : List.of(ApiError.of(PARTIAL, notice));
  }

  static final int PARTIAL = 206;

  static JsonReply error(int status, String msg) {
    return new JsonReply(status, 0, null, List.of(ApiError.of(status, msg)));
  }

  /** Writes the envelope into one buffer and ends the response; {@code ?prettyPrint} indents like Jaeger. */
  void send(RoutingContext ctx) {
    Buffer buf = Buffer.buffer(4096);
    String pretty = ctx.request().getParam("prettyPrint");
    try (JsonGenerator g = JaegerUiJson.generator(new BufferOutputStream(buf))) {
      if (pretty != null && !pretty.isEmpty() && !pretty.equals("false")) {
        g.useDefaultPrettyPrinter();
      }
      JaegerUiJson.writeEnvelope(g, data, total, errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen writing to memory
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(buf);
  }
}
