package io.weft.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.weft.codec.JaegerUiJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes a JSON document straight into a Vert.x buffer, in one pass, with no intermediate tree. */
public final class JsonBuffers {
  /** Writes one JSON value. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private JsonBuffers() {}

  public static Buffer write(Body body, int initialSize) {
    Buffer buf = Buffer.buffer(initialSize);
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
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return buf;
  }
}
