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

  @Test
  void aRecordPerPartitionHoldsEachOfItsTracesAsItsOwnMessageWhereTheKeyWouldHavePutIt() {
    List<Span> spans = new ArrayList<>();
    List<TraceId> traces = new ArrayList<>();
    for (int t = 1; t <= 40; t++) {
      TraceId id = new TraceId(t * 31L, t * 1_000_003L);
      traces.add(id);
      for (int i = 1; i <= 3; i++) {
        spans.add(span(id, t * 10L + i, null));
      }
    }
    int partitions = 8;
    List<SpanRecords.Out> out = SpanRecords.encode(spans, partitions);
    assertTrue(out.size() <= partitions, out.size() + " records");
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    List<Span> back = new ArrayList<>();
    int counted = 0;
    for (SpanRecords.Out o : out) {
      assertTrue(seen.add(o.partition()), "one record per partition");
      List<byte[]> messages = SpanRecords.messages(o.value());
      assertEquals(messages.size() == 1, o.key() != null, "a key only on a record of one trace");
      for (byte[] m : messages) {
        List<Span> trace = io.weft.wire.SpanBinaryCodec.decode(m);
        TraceId id = trace.get(0).traceId();
        assertTrue(trace.stream().allMatch(s -> s.traceId().equals(id)), "one trace per message");
        // Kafka's default partitioner for a keyed record: murmur2 of the key, made positive, modulo the count.
        byte[] key = SpanRecords.key(id);
        int byKey = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
            % partitions;
        assertEquals(byKey, o.partition(), "the partition a one-trace record keyed by " + id + " goes to");
        back.addAll(trace);
      }
      assertEquals(SpanRecords.decode(o.value()).size(), o.spans());
      counted += o.spans();
    }
    assertEquals(spans.size(), counted);
    assertEquals(new java.util.HashSet<>(spans), new java.util.HashSet<>(back));
    assertEquals(spans.size(), back.size(), "every span once");
  }

  @Test
  void aPartitionsTracesFillSeveralRecordsUnderTheLimit() {
    String kb4 = "x".repeat(4096);
    List<Span> spans = new ArrayList<>();
    for (int t = 1; t <= 300; t++) {
      spans.add(span(new TraceId(0, t), t, kb4));
    }
    List<SpanRecords.Out> out = SpanRecords.encode(spans, 1);
    assertTrue(out.size() >= 3, "split into " + out.size());
    int n = 0;
    for (SpanRecords.Out o : out) {
      assertTrue(o.value().length <= SpanRecords.MAX_VALUE_BYTES, "record of " + o.value().length + " bytes");
      assertEquals(0, o.partition());
      n += SpanRecords.messages(o.value()).size();
    }
    assertEquals(300, n);
  }

  @Test
  void aManyTracesValueThatDoesNotAddUpIsACodecError() {
    byte[] m = io.weft.wire.SpanBinaryCodec.encode(List.of(span(new TraceId(0, 1), 1, null)));
    int h = SpanRecords.MANY_TRACES;
    assertThrows(CodecException.class, () -> SpanRecords.messages(new byte[] {(byte) h}), "no count");
    assertThrows(CodecException.class, () -> SpanRecords.messages(new byte[] {(byte) h, 0}), "no traces");
    assertThrows(CodecException.class, () -> SpanRecords.messages(new byte[] {(byte) h, 2, 1, 1}), "too short");
    byte[] one = new byte[2 + 1 + m.length];
    one[0] = (byte) h;
    one[1] = 1;
    one[2] = (byte) m.length;
    System.arraycopy(m, 0, one, 3, m.length);
    assertEquals(1, SpanRecords.messages(one).size());
    assertArrayEquals(m, SpanRecords.messages(one).get(0));
    byte[] trailing = java.util.Arrays.copyOf(one, one.length + 1);
    assertThrows(CodecException.class, () -> SpanRecords.messages(trailing), "a byte after the last trace");
    one[2] = (byte) (m.length + 1);
    assertThrows(CodecException.class, () -> SpanRecords.messages(one), "a length past the end");
  }
}
