package io.weft.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * The event-bus codec of {@link SpanBatch}: the span payload stays in Weft's binary span format, framed
 * as {@code version:u8(2) spans:i32 formatLength:u16 format tenantLength:u16 tenant payloadLength:i32 payload}
 * (version 1, still read, had no tenant). Local delivery
 * passes the (immutable) batch itself. Every node registers it, whatever its roles, so any node of a
 * cluster can receive a batch.
 */
public final class SpanBatchCodec implements MessageCodec<SpanBatch, SpanBatch> {
  public static final String NAME = "weft-spans-batch";
  private static final byte VERSION = 2;

  @Override
  public void encodeToWire(Buffer buffer, SpanBatch b) {
    byte[] format = b.format().getBytes(StandardCharsets.UTF_8);
    byte[] tenant = b.tenant().getBytes(StandardCharsets.UTF_8);
    buffer.appendByte(VERSION).appendInt(b.spans()).appendUnsignedShort(format.length).appendBytes(format)
        .appendUnsignedShort(tenant.length).appendBytes(tenant)
        .appendInt(b.payload().length).appendBytes(b.payload());
  }

  @Override
  public SpanBatch decodeFromWire(int pos, Buffer buffer) {
    byte version = buffer.getByte(pos);
    if (version != VERSION && version != 1) {
      throw new IllegalStateException("span batch version " + version + " is not supported (this node reads "
          + VERSION + ")");
    }
    int spans = buffer.getInt(pos + 1);
    int formatLength = buffer.getUnsignedShort(pos + 5);
    String format = buffer.getString(pos + 7, pos + 7 + formatLength, "UTF-8");
    int at = pos + 7 + formatLength;
    String tenant = "";
    if (version >= 2) {
      int tenantLength = buffer.getUnsignedShort(at);
      tenant = buffer.getString(at + 2, at + 2 + tenantLength, "UTF-8");
      at += 2 + tenantLength;
    }
    int length = buffer.getInt(at);
    return new SpanBatch(buffer.getBytes(at + 4, at + 4 + length), spans, format, tenant);
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
