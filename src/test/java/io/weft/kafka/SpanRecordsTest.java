package io.weft.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.codec.CodecException;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanRecordsTest {

  private static Span span(TraceId trace, long id, String bigValue) {
    return TestSpans.of(trace, id, 0, "svc", "op").startTimeMicros(1_700_000_000_000_000L).durationMicros(5)
        .tags(bigValue == null ? List.of() : List.of(Tag.string("payload", bigValue + id))).build();
  }

  @Test
  void keyIsTheTraceIdBigEndianHighHalfFirst() {
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2},
        SpanRecords.key(new TraceId(1, 2)));
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, 0, 0, 0, 0, 0, 0, (byte) 0xab},
        SpanRecords.key(new TraceId(0, 0xff000000000000abL)));
  }

  @Test
  void oneRecordPerTraceInFirstSeenOrder() {
    TraceId a = new TraceId(0, 1);
    TraceId b = new TraceId(5, 6);
    List<Span> spans = List.of(span(a, 1, null), span(b, 2, null), span(a, 3, null));
    List<SpanRecords.Out> out = SpanRecords.encode(spans);
    assertEquals(2, out.size());
    assertArrayEquals(SpanRecords.key(a), out.get(0).key());
    assertEquals(2, out.get(0).spans());
    assertEquals(List.of(spans.get(0), spans.get(2)), SpanRecords.decode(out.get(0).value()));
    assertArrayEquals(SpanRecords.key(b), out.get(1).key());
    assertEquals(List.of(spans.get(1)), SpanRecords.decode(out.get(1).value()));
    assertEquals(1, out.get(1).value()[0], "the value starts with the codec's version byte");
  }

  @Test
  void aLargeTraceIsSplitIntoRecordsUnderTheLimitWithTheSameKey() {
    TraceId t = new TraceId(0, 77);
    String kb4 = "x".repeat(4096);
    List<Span> spans = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      spans.add(span(t, i, kb4));
    }
    List<SpanRecords.Out> out = SpanRecords.encode(spans);
    assertTrue(out.size() >= 4, "split into " + out.size());
    List<Span> back = new ArrayList<>();
    for (SpanRecords.Out o : out) {
      assertTrue(o.value().length <= SpanRecords.MAX_VALUE_BYTES, "record of " + o.value().length + " bytes");
      assertArrayEquals(SpanRecords.key(t), o.key());
      back.addAll(SpanRecords.decode(o.value()));
    }
    assertEquals(spans, back, "every span once, in order");
  }

  @Test
  void aValueThatIsNotASpanMessageIsACodecError() {
    assertThrows(CodecException.class, () -> SpanRecords.decode(null));
    assertThrows(CodecException.class, () -> SpanRecords.decode("hello".getBytes()));
    assertThrows(CodecException.class, () -> SpanRecords.decode(new byte[0]));
  }
}
