package io.weft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.codec.OtlpDecoder;
import io.weft.model.Span;
import io.weft.tracegen.SampleBodies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A local subscriber's JSON is built only when it reads the body, and each gets its own copy. */
class LiveBatchCodecTest {
  private final List<Span> spans = OtlpDecoder.decodeProto(SampleBodies.bodies("otlp-grpc", 16, 1, 1).get(0));
  private final LiveBatchCodec codec = new LiveBatchCodec();

  @Test
  void jsonIsBuiltOnlyWhenRead() {
    JsonObject delivered = codec.transform(new LiveBatch("service-a", spans));
    LazyJsonMap map = (LazyJsonMap) delivered.getMap();
    assertFalse(map.built(), "delivering must not build the batch's JSON");
    assertEquals(16, delivered.getInteger("count"));
    assertTrue(map.built());
    assertEquals("service-a", delivered.getString("service"));
    assertEquals(2, delivered.getJsonArray("data").size(), "16 spans of 8 per trace: two traces");
  }

  @Test
  void eachSubscriberGetsItsOwnCopy() {
    LiveBatch batch = new LiveBatch(null, spans);
    JsonObject a = codec.transform(batch);
    JsonObject b = codec.transform(batch);
    a.put("count", -1).remove("service");
    assertEquals(16, b.getInteger("count"));
    assertTrue(b.containsKey("service"));
    assertNull(b.getString("service"));
    assertEquals(batch.toJson().encode(), b.encode(), "the copy encodes like the batch");
  }
}
