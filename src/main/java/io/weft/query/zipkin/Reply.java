package io.weft.query.zipkin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * An answer of Zipkin's API as its server gives it: JSON on success; on failure the bare message as
 * text (Zipkin's BodyIsExceptionMessage), 400 for bad input and 500 otherwise.
 */
record Reply(int status, String contentType, byte[] body, String cacheControl) {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String TEXT = "text/plain; charset=utf-8";

  static Reply json(byte[] body) {
    return new Reply(200, "application/json", body, null);
  }

  static Reply text(int status, String message) {
    return new Reply(status, TEXT, message.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * A sorted list of names. Like Zipkin, browsers may cache it for a while once there is something
   * to cache ({@code cache}: Zipkin's "more than 3" rule), so that people getting started see new names at once.
   */
  static Reply names(Collection<String> sortedNames, boolean cache) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      for (String n : sortedNames) {
        g.writeString(n);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return new Reply(200, "application/json", out.toByteArray(),
        cache ? "max-age=" + ZipkinSettings.NAMES_MAX_AGE + ", must-revalidate" : null);
  }

  void send(RoutingContext ctx) {
    var response = ctx.response().setStatusCode(status).putHeader("Content-Type", contentType);
    if (cacheControl != null) {
      response.putHeader("Cache-Control", cacheControl);
    }
    response.end(Buffer.buffer(body));
  }
}
