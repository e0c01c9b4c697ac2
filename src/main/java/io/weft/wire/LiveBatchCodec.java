package io.weft.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Sends a {@link LiveBatch} and delivers JSON. Nothing is encoded while nobody subscribes: Vert.x
 * calls this codec only for each member with a subscriber (encodeToWire) and each local subscriber
 * (transform), so publishing every stored batch costs the collectors almost nothing until someone
 * watches, and a local subscriber that never reads the body (see {@code LiveSpanWriter}) costs no JSON.
 * Subscribers (bridges, {@code WeftClient}) get a plain {@link JsonObject}; every Weft node and client
 * registers the codec so it can decode.
 */
public final class LiveBatchCodec implements MessageCodec<LiveBatch, JsonObject> {
  public static final String NAME = "weft-live-spans";

  @Override
  public void encodeToWire(Buffer buffer, LiveBatch batch) {
    Buffer json = batch.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  /** Each local subscriber gets its own copy, made when it first reads the body, not before. */
  @Override
  public JsonObject transform(LiveBatch batch) {
    return new JsonObject(new LazyJsonMap(() -> batch.toJson().copy().getMap()));
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
