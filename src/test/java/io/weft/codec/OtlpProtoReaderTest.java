package io.weft.codec;

import static io.weft.codec.OtlpProtoReaderEquivalenceTest.assertAgree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made wire bytes: protobuf's rules (and protobuf-java's quirks) the bytes' reader must keep, and its errors. */
class OtlpProtoReaderTest {
  static final byte[] TRACE_ID = HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c");
  static final byte[] SPAN_ID = HexFormat.of().parseHex("eee19b7ec3c1b174");

  /** Wire bytes: a tag then its value, each helper one field. */
  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] varintBytes(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  static byte[] varint(int field, long v) {
    return cat(varintBytes(field << 3), varintBytes(v));
  }

  static byte[] len(int field, byte[]... content) {
    byte[] c = cat(content);
    return cat(varintBytes(field << 3 | 2), varintBytes(c.length), c);
  }

  static byte[] str(int field, String s) {
    return len(field, s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] raw(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return b;
  }

  static byte[] attribute(String key, byte[]... anyValueFields) {
    return cat(str(1, key), len(2, anyValueFields));
  }

  /** A request of one resource (service "svc") and one scope holding {@code span}'s fields after valid ids. */
  static byte[] request(byte[]... spanFields) {
    byte[] span = cat(len(1, TRACE_ID), len(2, SPAN_ID), str(5, "op"), cat(spanFields));
    return len(1, len(1, len(1, attribute("service.name", str(1, "svc")))), len(2, len(2, span)));
  }

  static Span only(byte[] request) {
    assertTrue(assertAgree(request, "request"), "accepted");
    List<Span> spans = OtlpDecoder.decodeProto(request);
    assertEquals(1, spans.size());
    return spans.get(0);
  }

  static String refusal(byte[] request) {
    assertFalse(assertAgree(request, "request"), "refused by protobuf-java too");
    return assertThrows(CodecException.class, () -> OtlpDecoder.decodeProto(request)).getMessage();
  }

  @Test
  void malformedBytesAreRefusedWithTheReasonAndWhere() {
    assertTrue(refusal(cat(request(), raw(0x0a, 0x80))).contains("truncated varint at byte"));
    assertTrue(refusal(cat(request(), raw(0x0a, 0x05, 1, 2))).contains("5 bytes needed, 2 left"));
    assertTrue(refusal(raw(0x00, 0x01)).contains("field number 0"));
    assertTrue(refusal(raw(0x0e)).contains("invalid wire type 6"));
    assertTrue(refusal(raw(0x0f)).contains("invalid wire type 7"));
    assertTrue(refusal(raw(0x0c)).contains("end-group tag outside its group"));
    assertTrue(refusal(raw(0x0b, 0x14)).contains("group 1 not ended"));
    assertTrue(refusal(request(len(5, raw(0xc3)))).contains("invalid UTF-8"));
    assertTrue(refusal(request(varint(17, 0), raw(0x88, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x80))).contains("malformed varint"));
    assertEquals(List.of(), OtlpDecoder.decodeProto(new byte[0]));
  }

  @Test
  void stringsWeftIgnoresMustStillBeUtf8() {
    byte[] bad = raw(0xed, 0xa0, 0x80); // a UTF-16 surrogate, which UTF-8 may not carry
    refusal(cat(request(), len(1, len(3, bad)))); // ResourceSpans.schema_url
    refusal(request(len(13, cat(len(1, TRACE_ID), len(2, SPAN_ID), len(3, bad))))); // Link.trace_state
    refusal(len(1, len(1, len(3, len(2, bad))))); // Resource.entity_refs.type
    refusal(len(1, len(2, len(1, len(3, len(1, bad)))))); // InstrumentationScope.attributes.key
    for (byte[] badUtf8 : List.of(raw(0xc0, 0xaf), raw(0xe0, 0x80, 0xaf), raw(0xf4, 0x90, 0x80, 0x80), raw(0xf8),
        raw(0xe2, 0x82), raw(0x80), raw(0xf0, 0x8f, 0xbf, 0xbf))) {
      refusal(request(len(5, badUtf8)));
    }
    assertEquals("\u20ac\uD83D\uDE00é", only(request(str(5, "\u20ac\uD83D\uDE00é"))).operationName());
  }

  @Test
  void fieldsInAnyOrderRepeatedOrUnknownFollowProtobuf() {
    // The scope and the resource after the spans; a scalar given twice: the last; an unknown field of each wire type.
    byte[] span = cat(varint(6, 3), varint(6, 2), str(5, "first"), len(1, TRACE_ID), len(2, SPAN_ID), str(5, "op"),
        varint(99, 5), raw(0x9d, 0x06, 1, 2, 3, 4), raw(0x99, 0x06, 1, 2, 3, 4, 5, 6, 7, 8), len(99, raw(1)),
        raw(0x9b, 0x06, 0x08, 0x01, 0x9c, 0x06), varint(15, 7)); // status as a varint: another wire type is skipped
    byte[] req = len(1, len(2, len(2, span), len(1, str(1, "lib"))), len(1, len(1, attribute("service.name", str(1, "svc")))));
    Span s = only(req);
    assertEquals("op", s.operationName());
    assertEquals(io.weft.model.SpanKind.SERVER, s.kind());
    assertEquals("svc", s.serviceName());
    assertEquals(List.of(Tag.string("otel.scope.name", "lib")), s.tags());

    // A message given twice merges: the status' code from one, its message from the other.
    Span merged = only(request(len(15, varint(3, 2)), len(15, str(2, "boom"))));
    assertEquals(StatusCode.ERROR, merged.statusCode());
    assertEquals("boom", merged.statusMessage());
  }

  @Test
  void aValueGivenTwiceMergesAsProtobufJavaDoes() {
    byte[] arrayA = len(5, len(1, str(1, "a")));
    byte[] arrayB = len(5, len(1, str(1, "b")));
    // protobuf-java keeps the first array's builder across a switch of the oneof: [a, b], not [b]
    Span s = only(request(len(9, attribute("k", arrayA, str(1, "x"), arrayB))));
    assertEquals(List.of(Tag.array("k", List.of(Tag.string("", "a"), Tag.string("", "b")))), s.tags());
    // KeyValue.value twice: merged; a key after the value, or twice: the last
    s = only(request(len(9, cat(len(2, arrayA), str(1, "k1"), len(2, str(1, "x"), arrayB), str(1, "k2")))));
    assertEquals(List.of(Tag.array("k2", List.of(Tag.string("", "a"), Tag.string("", "b")))), s.tags());
    s = only(request(len(9, cat(len(2, varint(3, 5)), str(1, "k1"), str(1, "k2")))));
    assertEquals(List.of(Tag.int64("k2", 5)), s.tags());
    // a scalar oneof given twice: the last
    assertEquals(List.of(Tag.bool("b", true)), only(request(len(9, attribute("b", varint(3, 5), varint(2, 1))))).tags());
  }

  @Test
  void varintsAndNestingAsProtobufJavaReadsThem() {
    // An int64 whose 10th byte has its continuation bit but also its lowest bit: protobuf-java accepts it.
    byte[] tenBytes = raw(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81);
    Span s = only(request(len(9, attribute("i", raw(0x18), tenBytes))));
    assertEquals(List.of(Tag.int64("i", -1)), s.tags());
    refusal(request(len(9, attribute("i", raw(0x18), tenBytes)), len(5, raw(0x80)))); // a bad name still fails it
    refusal(request(len(9, attribute("i", raw(0x40), tenBytes)))); // an int32 may not: strindex

    // Unknown groups nest up to protobuf-java's recursion limit of 100, counted with the messages around them.
    for (int groups = 90; groups <= 100; groups++) {
      byte[] nested = new byte[groups * 4];
      for (int i = 0; i < groups; i++) {
        System.arraycopy(raw(0x9b, 0x06), 0, nested, i * 2, 2);
        System.arraycopy(raw(0x9c, 0x06), 0, nested, groups * 2 + i * 2, 2);
      }
      assertAgree(request(nested), groups + " groups in a span"); // the span is 3 deep: 97 more fit
    }
    // Arrays nested past AnyValues.MAX_DEPTH become JSON text; past the recursion limit, a refusal.
    for (int levels : new int[] {31, 32, 33, 45, 46, 47, 48}) {
      byte[] v = varint(3, 1);
      for (int i = 0; i < levels; i++) {
        v = len(5, len(1, v));
      }
      assertAgree(request(len(9, attribute("deep", v))), levels + " levels");
    }
  }

  @Test
  void repeatedNamesAreOneInstance() {
    byte[] span = cat(len(1, TRACE_ID), len(2, SPAN_ID), str(5, "op"), len(9, attribute("http.method", str(1, "GET"))));
    Span first = OtlpDecoder.decodeProto(request(span)).get(0);
    List<Span> next = OtlpDecoder.decodeProto(len(1, len(2, len(2, span), len(2, span))));
    for (Span s : next) {
      assertSame(first.operationName(), s.operationName());
      assertSame(first.tags().get(0).key(), s.tags().get(0).key());
      assertEquals(first.tags().get(0), s.tags().get(0));
    }
    assertSame(next.get(0).traceId(), next.get(1).traceId());
    assertSame(first.serviceName(), OtlpDecoder.decodeProto(request(span)).get(0).serviceName(), "resource values too");
  }
}
