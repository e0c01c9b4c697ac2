package io.weft.wire;

import io.weft.codec.CodecException;
import io.weft.testing.RandomSpans;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanBinaryCodecTest {

  @Test
  void randomBatchesRoundTrip() {
    RandomSpans gen = new RandomSpans(42);
    for (int i = 0; i < 2000; i++) {
      List<Span> spans = gen.batch(6);
      byte[] bytes = SpanBinaryCodec.encode(spans);
      assertEquals(spans, SpanBinaryCodec.decode(bytes), "batch " + i);
      assertArrayEquals(bytes, SpanBinaryCodec.encode(SpanBinaryCodec.decode(bytes)), "stable, batch " + i);
    }
  }

  /** Non-ASCII text, and a real U+FFFD (what the fast decoding also gives for malformed input), survive. */
  @Test
  void nonAsciiAndReplacementCharactersRoundTrip() {
    Span s = Span.builder().traceId(new TraceId(1, 2)).spanId(3).operationName("caf\u00e9 \uFFFD \uD83D\uDE00")
        .tags(List.of(Tag.string("k\u00fc", "\uFFFD"), Tag.string("plain", "ascii only"))).build();
    assertEquals(s, SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(s)));
  }

  @Test
  void malformedUtf8IsRefusedButARealReplacementCharacterIsKept() {
    Span s = Span.builder().traceId(new TraceId(1, 2)).spanId(3).operationName("opXYZ").build();
    byte[] bytes = SpanBinaryCodec.encode(s);
    int at = indexOf(bytes, "XYZ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] overlong = bytes.clone();
    overlong[at] = (byte) 0xC0; // an overlong form of '/', refused by RFC 3629
    overlong[at + 1] = (byte) 0xAF;
    CodecException e = assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(overlong));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    byte[] surrogate = bytes.clone();
    surrogate[at] = (byte) 0xED; // U+D800 written as UTF-8: a surrogate, refused
    surrogate[at + 1] = (byte) 0xA0;
    surrogate[at + 2] = (byte) 0x80;
    assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(surrogate));
    byte[] replacement = bytes.clone();
    replacement[at] = (byte) 0xEF; // U+FFFD itself, valid
    replacement[at + 1] = (byte) 0xBF;
    replacement[at + 2] = (byte) 0xBD;
    assertEquals("op\uFFFD", SpanBinaryCodec.decodeOne(replacement).operationName());
  }

  /** Names are remembered across messages (one instance per name); remembered or not, bad UTF-8 is refused. */
  @Test
  void namesOfOneThreadsMessagesAreOneInstance() {
    Span s = Span.builder().traceId(new TraceId(1, 2)).spanId(3).operationName("remembered-op")
        .tags(List.of(Tag.string("remembered.key", "value-1"))).process(new Process("remembered-svc", List.of())).build();
    Span a = SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(s));
    Span b = SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(s));
    assertEquals(s, b);
    assertTrue(a.operationName() == b.operationName(), "operation name: one instance");
    assertTrue(a.serviceName() == b.serviceName(), "service name: one instance");
    assertTrue(a.tags().get(0).key() == b.tags().get(0).key(), "tag key: one instance");
    byte[] bytes = SpanBinaryCodec.encode(s);
    int at = indexOf(bytes, "remembered.key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    bytes[at + 3] = (byte) 0xC0; // overlong, in a name whose valid form was just remembered
    assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(bytes));
  }

  private static int indexOf(byte[] in, byte[] what) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void singleSpanRoundTrips() {
    RandomSpans gen = new RandomSpans(7);
    for (int i = 0; i < 500; i++) {
      Span s = gen.span(gen.traceId());
      assertEquals(s, SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(s)));
    }
  }

  @Test
  void everyFieldOfAFullSpanSurvives() {
    TraceId t = new TraceId(0x0123456789abcdefL, 0xfedcba9876543210L);
    Span s = Span.builder()
        .traceId(t)
        .spanId(-2)
        .operationName("HTTP GET /dispatch ✓")
        .references(List.of(SpanRef.childOf(t, 77), new SpanRef(io.weft.model.RefType.FOLLOWS_FROM, new TraceId(0, 5), 6)))
        .flags(-1)
        .startTimeMicros(1_700_000_000_123_456L)
        .durationMicros(0)
        .tags(List.of(Tag.string("s", "v"), Tag.bool("b", true), Tag.bool("f", false),
            Tag.int64("i", Long.MIN_VALUE), Tag.float64("d", -0.0), Tag.float64("nan", Double.NaN),
            Tag.binary("bin", new byte[] {0, -1, 127, -128}), Tag.binary("empty", new byte[0])))
        .logs(List.of(new Log(-5, List.of(Tag.string("event", "retry"))), new Log(9, List.of())))
        .process(new Process("frontend", List.of(Tag.string("host", "h1"))))
        .kind(SpanKind.PRODUCER)
        .status(StatusCode.ERROR, "boom 💥")
        .warnings(List.of("clock skew", ""))
        .build();
    Span back = SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(s));
    assertEquals(s, back);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) back.tags().get(4).value()));
  }

  @Test
  void arraysMapsAndLinkAttributesNeedVersion2() {
    TraceId t = new TraceId(0, 9);
    Tag nested = Tag.map("m", List.of(Tag.string("k", "v"), Tag.array("a", List.of(Tag.int64("", 1),
        Tag.array("", List.of()), Tag.map("", List.of(Tag.bool("deep", true))))), Tag.string("k", "dup")));
    Span s = Span.builder().traceId(t).spanId(1)
        .references(List.of(new SpanRef(io.weft.model.RefType.FOLLOWS_FROM, t, 2,
            List.of(Tag.string("link.reason", "retry"), Tag.array("ids", List.of(Tag.string("", "x")))))))
        .tags(List.of(Tag.array("arr", List.of(Tag.float64("", 0.5), Tag.binary("", new byte[] {1}))), nested))
        .logs(List.of(new Log(5, List.of(Tag.array("skus", List.of(Tag.string("", "A1")))))))
        .process(new Process("svc", List.of(Tag.map("host", List.of(Tag.int64("cores", 8))))))
        .build();
    byte[] bytes = SpanBinaryCodec.encode(s);
    assertEquals(2, bytes[0], "version 2");
    assertEquals(s, SpanBinaryCodec.decodeOne(bytes));

    Span plain = s.toBuilder().references(List.of(SpanRef.childOf(t, 2))).tags(List.of(Tag.string("a", "b")))
        .logs(List.of()).process(new Process("svc", List.of())).build();
    byte[] v1 = SpanBinaryCodec.encode(plain);
    assertEquals(1, v1[0], "nothing of version 2: written as version 1, as before");
    assertEquals(plain, SpanBinaryCodec.decodeOne(v1));
    byte[] asV2 = v1.clone();
    asV2[0] = 2;
    assertEquals(plain, SpanBinaryCodec.decodeOne(asV2), "version 2 reads version 1's layout");
  }

  @Test
  void firstTraceIdReadsBothVersions() {
    TraceId t = new TraceId(7, 9);
    Span plain = Span.builder().traceId(t).spanId(1).process(new Process("svc", List.of())).build();
    Span structured = plain.toBuilder().tags(List.of(Tag.array("arr", List.of(Tag.int64("", 1))))).build();
    byte[] v1 = SpanBinaryCodec.encode(plain);
    byte[] v2 = SpanBinaryCodec.encode(structured);
    assertEquals(1, v1[0]);
    assertEquals(2, v2[0]);
    assertEquals(t, SpanBinaryCodec.firstTraceId(v1, 0, v1.length));
    assertEquals(t, SpanBinaryCodec.firstTraceId(v2, 0, v2.length));
    byte[] future = v1.clone();
    future[0] = 3;
    assertThrows(CodecException.class, () -> SpanBinaryCodec.firstTraceId(future, 0, future.length));
  }

  @Test
  void version2PartsAreRejectedInVersion1AndNestingIsBounded() {
    Span withArray = Span.builder().traceId(new TraceId(0, 1)).tags(List.of(Tag.array("a", List.of()))).build();
    byte[] v2 = SpanBinaryCodec.encode(withArray);
    byte[] asV1 = v2.clone();
    asV1[0] = 1;
    assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(asV1));
    Span withLinkTags = Span.builder().traceId(new TraceId(0, 1)).references(List.of(
        new SpanRef(io.weft.model.RefType.CHILD_OF, new TraceId(0, 1), 2, List.of(Tag.bool("x", true))))).build();
    byte[] linkV1 = SpanBinaryCodec.encode(withLinkTags);
    linkV1[0] = 1;
    assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(linkV1));

    Tag deep = Tag.string("", "leaf");
    for (int i = 0; i < 64; i++) {
      deep = Tag.array("", List.of(deep));
    }
    Span ok = Span.builder().tags(List.of(deep)).build();
    assertEquals(ok, SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(ok)), "64 levels");
    Span tooDeep = Span.builder().tags(List.of(Tag.array("", List.of(deep)))).build();
    assertThrows(IllegalArgumentException.class, () -> SpanBinaryCodec.encode(tooDeep), "65 levels are not written");
    assertEquals(1, SpanBinaryCodec.decode(nestedArrays(64)).size());
    assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(nestedArrays(65)), "a crafted deep message");
  }

  /** A version 2 message of one empty span whose one tag is {@code levels} arrays nested in each other. */
  static byte[] nestedArrays(int levels) {
    ByteSink b = new ByteSink(64);
    b.write(new byte[] {2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // ids, times, bits, no refs
    b.writeUVarint(1);
    for (int i = 0; i < levels; i++) {
      b.writeUVarint(i == 0 ? 1 << 3 | 6 : 2 << 3 | 6); // key "" as a literal, then from the table
      if (i == 0) {
        b.writeUVarint(0);
      }
      b.writeUVarint(i == levels - 1 ? 0 : 1);
    }
    b.write(new byte[] {0, 0}); // no logs, no warnings
    return b.toByteArray();
  }

  @Test
  void emptyAndNullShapesRoundTrip() {
    Span bare = Span.builder().build(); // null trace id, no process, everything empty
    assertEquals(bare, SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(bare)));
    Span nulls = bare.toBuilder().operationName(null).process(new Process(null, List.of())).build();
    assertEquals(nulls, SpanBinaryCodec.decodeOne(SpanBinaryCodec.encode(nulls)));
    assertEquals(List.of(), SpanBinaryCodec.decode(SpanBinaryCodec.encode(List.of())));
  }

  @Test
  void encodesIntoACallersBuffer() {
    RandomSpans gen = new RandomSpans(3);
    List<Span> a = gen.batch(5);
    List<Span> b = gen.batch(5);
    ByteSink sink = new ByteSink(1);
    SpanBinaryCodec.encode(a, sink);
    int split = sink.size();
    SpanBinaryCodec.encode(b, sink);
    assertEquals(a, SpanBinaryCodec.decode(sink.array(), 0, split));
    assertEquals(b, SpanBinaryCodec.decode(sink.array(), split, sink.size() - split));
  }

  @Test
  void repeatedStringsAndTraceIdsAreWrittenOnce() {
    TraceId t = new TraceId(1, 2);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      spans.add(Span.builder().traceId(t).spanId(i).operationName("GET /customer")
          .references(List.of(SpanRef.childOf(t, 1)))
          .tags(List.of(Tag.string("http.method", "GET"), Tag.string("component", "net/http")))
          .process(new Process("frontend-service", List.of())).build());
    }
    int one = SpanBinaryCodec.encode(spans.get(1)).length;
    int hundred = SpanBinaryCodec.encode(spans).length;
    // after the first span only the two 8-byte span ids, the numbers and one-byte table
    // references remain: 35 bytes a span, against 118 for the span alone
    assertTrue(hundred <= one + 99 * 35, "100 spans took " + hundred + " bytes, one took " + one);
  }

  @Test
  void everyTruncationIsRejected() {
    RandomSpans gen = new RandomSpans(11);
    for (int i = 0; i < 40; i++) {
      byte[] bytes = SpanBinaryCodec.encode(gen.batch(3));
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(cut), "prefix " + len);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = SpanBinaryCodec.encode(new RandomSpans(5).batch(2));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(longer));
  }

  @Test
  void malformedHeadersAreRejected() {
    byte[][] bad = {
      {3, 0}, // a version from the future
      {},
      {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, // 4 billion spans in 6 bytes
      {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
          (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}, // varint over 10 bytes
      {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
          (byte) 0xFF, (byte) 0xFF, 0x01}, // 2^64-1 spans: negative as a Java long
      {1, 1, 9}, // trace id reference beyond an empty table
      {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 7}, // string reference beyond an empty table
      {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, 0x7F}, // 2 MB string in 14 bytes
      {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, (byte) 0xC3, 0x28}, // malformed UTF-8
    };
    for (byte[] b : bad) {
      assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(b), Arrays.toString(b));
    }
  }

  @Test
  void badCodesInsideASpanAreRejected() {
    // a minimal valid span: null trace id, span id 0, null operation, flags/start/duration 0,
    // bits 0, no refs/tags/logs/warnings
    byte[] ok = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(1, SpanBinaryCodec.decode(ok).size());
    byte[] badKind = ok.clone();
    badKind[15] = 6;
    byte[] badStatus = ok.clone();
    badStatus[15] = 3 << 3;
    byte[] highBit = ok.clone();
    highBit[15] = (byte) 0x80;
    byte[] badTagType = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 << 3 | 6, 0, 0, 0, 0};
    byte[] nullTagKey = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};
    for (byte[] b : List.of(badKind, badStatus, highBit, badTagType, nullTagKey)) {
      assertThrows(CodecException.class, () -> SpanBinaryCodec.decode(b), Arrays.toString(b));
    }
  }

  @Test
  void garbageAndMutationsFailCleanlyAndFast() {
    Random r = new Random(99);
    RandomSpans gen = new RandomSpans(100);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int i = 0; i < 20_000; i++) {
        byte[] b;
        if (i % 2 == 0) {
          b = new byte[r.nextInt(64)];
          r.nextBytes(b);
          if (b.length > 0) {
            b[0] = 1; // get past the version check
          }
        } else {
          b = SpanBinaryCodec.encode(gen.batch(3));
          for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
        }
        try {
          SpanBinaryCodec.decode(b);
        } catch (CodecException expected) {
          // the only acceptable failure
        }
      }
    });
  }
}
