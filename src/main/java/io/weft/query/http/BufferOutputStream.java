package io.weft.query.http;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** Lets a JSON generator write straight into the response buffer: one pass, no intermediate copy. */
final class BufferOutputStream extends OutputStream {
  private final Buffer buffer;

  BufferOutputStream(Buffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public void write(int b) {
    buffer.appendByte((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    buffer.appendBytes(b, off, len);
  }
}
