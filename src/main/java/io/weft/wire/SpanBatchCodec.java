package io.weft.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * The event-bus codec of {@link SpanBatch}: the span payload stays in Weft's binary span format, framed
 * as {@code version:u8(1) spans:i32 formatLength:u16 format payloadLength:i32 payload}. Local delivery
 * passes the (immutable) batch itself. Every node registers it, whatever its roles, so any node of a
 * cluster can receive a batch.
 */
public final class SpanBatchCodec implements MessageCodec<SpanBatch, SpanBatch> {
  public static final String NAME = "weft-spans-batch";
  private static final byte VERSION = 1;

  @Override
  public void encodeToWire(Buffer buffer, SpanBatch b) {
    byte[] format = b.format().getBytes(StandardCharsets.UTF_8);
    buffer.appendByte(VERSION).appendInt(b.spans()).appendUnsignedShort(format.length).appendBytes(format)
        .appendInt(b.payload().length).appendBytes(b.payload());
  }

  @Override
  public SpanBatch decodeFromWire(int pos, Buffer buffer) {
    byte version = buffer.getByte(pos);
    if (version != VERSION) {
      throw new IllegalStateException("span batch version " + version + " is not supported (this node reads "
          + VERSION + ")");
    }
    int spans = buffer.getInt(pos + 1);
    int formatLength = buffer.getUnsignedShort(pos + 5);
    String format = buffer.getString(pos + 7, pos + 7 + formatLength, "UTF-8");
    int at = pos + 7 + formatLength;
    int length = buffer.getInt(at);
    return new SpanBatch(buffer.getBytes(at + 4, at + 4 + length), spans, format);
  }

  @Override
  public SpanBatch transform(SpanBatch b) {
    return b;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
