package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.TagType;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.Test;

class JaegerThriftDecoderTest {
  static final long HIGH = 0x5b8efff798038103L;
  static final long LOW = 0xd269b633813fc60cL;
  static final TraceId TRACE = new TraceId(HIGH, LOW);

  static io.jaegertracing.thriftjava.Tag tag(String key, TagType type) {
    return new io.jaegertracing.thriftjava.Tag(key, type);
  }

  static Batch batch() {
    io.jaegertracing.thriftjava.Span root = new io.jaegertracing.thriftjava.Span(LOW, HIGH, 0x10, 0, "GET /", 1,
        1_700_000_000_000_000L, 2_500);
    root.setTags(List.of(
        tag("span.kind", TagType.STRING).setVStr("server"),
        tag("http.url", TagType.STRING).setVStr("/x"),
        tag("weight", TagType.DOUBLE).setVDouble(0.5),
        tag("error", TagType.BOOL).setVBool(true),
        tag("http.status_code", TagType.LONG).setVLong(500),
        tag("blob", TagType.BINARY).setVBinary(new byte[] {9, 8})));
    root.setLogs(List.of(new io.jaegertracing.thriftjava.Log(1_700_000_000_001_000L, List.of(
        tag("event", TagType.STRING).setVStr("error"), tag("message", TagType.STRING).setVStr("boom")))));

    // A child with parentSpanId only (old clients), and one whose FOLLOWS_FROM ref is to its parent id.
    io.jaegertracing.thriftjava.Span child = new io.jaegertracing.thriftjava.Span(LOW, HIGH, 0x11, 0x10, "db", 3,
        1_700_000_000_000_100L, 1_000);
    child.setTags(List.of(tag("span.kind", TagType.STRING).setVStr("whatever")));
    io.jaegertracing.thriftjava.Span follower = new io.jaegertracing.thriftjava.Span(LOW, HIGH, 0x12, 0x10, "async", 1,
        1_700_000_000_000_200L, 10);
    follower.setReferences(List.of(
        new io.jaegertracing.thriftjava.SpanRef(SpanRefType.FOLLOWS_FROM, LOW, HIGH, 0x10),
        new io.jaegertracing.thriftjava.SpanRef(SpanRefType.CHILD_OF, 7, 0, 0x99)));

    io.jaegertracing.thriftjava.Process process = new io.jaegertracing.thriftjava.Process("frontend");
    process.setTags(List.of(tag("hostname", TagType.STRING).setVStr("h1"), tag("ip", TagType.STRING).setVStr("10.0.0.1"),
        tag("jaeger.version", TagType.STRING).setVStr("Java-1.8.1")));
    return new Batch(process, List.of(root, child, follower));
  }

  static void checkBatch(List<Span> spans) {
    assertEquals(3, spans.size());
    Process process = new Process("frontend", List.of(Tag.string("hostname", "h1"), Tag.string("ip", "10.0.0.1"),
        Tag.string("jaeger.version", "Java-1.8.1")));

    Span root = spans.get(0);
    assertEquals(TRACE, root.traceId());
    assertEquals("5b8efff798038103d269b633813fc60c", root.traceId().toHex());
    assertEquals(0x10, root.spanId());
    assertEquals("GET /", root.operationName());
    assertEquals(List.of(), root.references());
    assertEquals(1, root.flags());
    assertEquals(1_700_000_000_000_000L, root.startTimeMicros());
    assertEquals(2_500, root.durationMicros());
    assertEquals(SpanKind.SERVER, root.kind()); // span.kind moved out of the tags
    assertEquals(StatusCode.UNSET, root.statusCode());
    assertEquals(List.of(
        Tag.string("http.url", "/x"),
        Tag.float64("weight", 0.5),
        Tag.bool("error", true),
        Tag.int64("http.status_code", 500),
        Tag.binary("blob", new byte[] {9, 8})), root.tags());
    assertEquals(List.of(new Log(1_700_000_000_001_000L,
        List.of(Tag.string("event", "error"), Tag.string("message", "boom")))), root.logs());
    assertEquals(process, root.process());

    Span child = spans.get(1);
    assertEquals(List.of(SpanRef.childOf(TRACE, 0x10)), child.references());
    assertEquals(0x10, child.parentSpanId());
    assertEquals(3, child.flags());
    assertEquals(SpanKind.UNSPECIFIED, child.kind());
    assertEquals(List.of(Tag.string("span.kind", "whatever")), child.tags()); // unknown kinds stay tags

    Span follower = spans.get(2);
    assertEquals(List.of(
        SpanRef.childOf(TRACE, 0x10),
        new SpanRef(RefType.FOLLOWS_FROM, TRACE, 0x10),
        new SpanRef(RefType.CHILD_OF, new TraceId(0, 7), 0x99)), follower.references());
  }

  static byte[] emitBatch(Batch batch, boolean compact, String name, byte type) throws Exception {
    TMemoryBuffer buf = new TMemoryBuffer(1024);
    TProtocol p = compact ? new TCompactProtocol(buf) : new TBinaryProtocol(buf);
    p.writeMessageBegin(new TMessage(name, type, 42));
    new Agent.emitBatch_args(batch).write(p);
    p.writeMessageEnd();
    return Arrays.copyOf(buf.getArray(), buf.length());
  }

  static CodecException bad(byte[] datagram, boolean compact) {
    return assertThrows(CodecException.class, () -> JaegerThriftDecoder.decodeEmitBatch(datagram, compact));
  }

  @Test
  void httpBatchInBinaryProtocol() throws Exception {
    byte[] body = new TSerializer(new TBinaryProtocol.Factory()).serialize(batch());
    checkBatch(JaegerThriftDecoder.decodeBatch(body));
  }

  @Test
  void fromBatchDirectly() {
    checkBatch(JaegerThriftDecoder.fromBatch(batch()));
  }

  @Test
  void emitBatchCompactAndBinary() throws Exception {
    checkBatch(JaegerThriftDecoder.decodeEmitBatch(emitBatch(batch(), true, "emitBatch", TMessageType.ONEWAY), true));
    checkBatch(JaegerThriftDecoder.decodeEmitBatch(emitBatch(batch(), false, "emitBatch", TMessageType.ONEWAY), false));
  }

  @Test
  void emptyBatchAndUnsetTagValues() {
    io.jaegertracing.thriftjava.Span s = new io.jaegertracing.thriftjava.Span(1, 0, 2, 0, "op", 0, 5, 6);
    s.setTags(List.of(tag("s", TagType.STRING), tag("b", TagType.BINARY)));
    List<Span> spans = JaegerThriftDecoder.fromBatch(new Batch(new io.jaegertracing.thriftjava.Process("svc"), List.of(s)));
    assertEquals(List.of(Tag.string("s", ""), Tag.binary("b", new byte[0])), spans.get(0).tags());
    assertEquals(new TraceId(0, 1), spans.get(0).traceId());
    assertEquals(List.of(), JaegerThriftDecoder.fromBatch(new Batch(new io.jaegertracing.thriftjava.Process("svc"), List.of())));
  }

  @Test
  void wrongMessageIsRejectedWithAReason() throws Exception {
    assertTrue(bad(emitBatch(batch(), true, "emitZipkinBatch", TMessageType.ONEWAY), true).getMessage()
        .startsWith("not-emitBatch: "));
    assertTrue(bad(emitBatch(batch(), true, "emitBatch", TMessageType.REPLY), true).getMessage()
        .startsWith("bad-message: "));
    // A compact datagram read as binary is garbage, not a batch.
    CodecException e = bad(emitBatch(batch(), true, "emitBatch", TMessageType.ONEWAY), false);
    assertTrue(e.getMessage().matches("^(bad-message|truncated): .*"), e.getMessage());
  }

  @Test
  void truncatedDatagrams() throws Exception {
    byte[] full = emitBatch(batch(), true, "emitBatch", TMessageType.ONEWAY);
    for (int len : new int[] {0, 1, 5, full.length / 2, full.length - 1}) {
      CodecException e = bad(Arrays.copyOf(full, len), true);
      assertTrue(e.getMessage().startsWith("truncated: "), len + ": " + e.getMessage());
    }
    CodecException last = bad(Arrays.copyOf(full, full.length - 1), true);
    assertTrue(last.getMessage().startsWith("truncated: "), last.getMessage());
    byte[] body = new TSerializer(new TBinaryProtocol.Factory()).serialize(batch());
    CodecException t = assertThrows(CodecException.class,
        () -> JaegerThriftDecoder.decodeBatch(Arrays.copyOf(body, body.length - 10)));
    assertTrue(t.getMessage().startsWith("truncated: Jaeger thrift batch"), t.getMessage());
  }

  @Test
  void garbage() {
    byte[] junk = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
    assertTrue(bad(junk, true).getMessage().matches("^(bad-message|truncated): .*"));
    assertTrue(bad(junk, false).getMessage().matches("^(bad-message|truncated): .*"));
    assertThrows(CodecException.class, () -> JaegerThriftDecoder.decodeBatch(junk));
    // A well-formed message missing the required batch.
    assertTrue(bad(new byte[] {(byte) 0x82, (byte) 0x81, 0x01, 0x09, 'e', 'm', 'i', 't', 'B', 'a', 't', 'c', 'h', 0x00},
        true).getMessage().startsWith("bad-message: "));
  }

  /** Compact emitBatch header, then args field 1 (batch struct), then Batch field 2 (list of spans). */
  static ByteArrayOutputStream compactHeaderToSpansList() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x82, (byte) 0x81, 0x01, 0x09});
    out.writeBytes("emitBatch".getBytes());
    out.write(0x1C); // field 1, struct: the batch
    out.write(0x29); // field 2, list: the spans
    return out;
  }

  @Test
  void hugeContainerClaimsDoNotAllocate() {
    // Compact: list of structs claiming 2^31-1 elements in a 20-byte datagram.
    ByteArrayOutputStream c = compactHeaderToSpansList();
    c.writeBytes(new byte[] {(byte) 0xFC, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
    CodecException e = bad(c.toByteArray(), true);
    assertTrue(e.getMessage().startsWith("truncated: "), e.getMessage());

    // Binary: Batch field 2 (list of structs) claiming 2^31-1, and 2^31 (a negative i32).
    byte[] max = {0x0F, 0x00, 0x02, 0x0C, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    CodecException b = assertThrows(CodecException.class, () -> JaegerThriftDecoder.decodeBatch(max));
    assertTrue(b.getMessage().startsWith("truncated: "), b.getMessage());
    byte[] neg = {0x0F, 0x00, 0x02, 0x0C, (byte) 0x80, 0x00, 0x00, 0x00};
    CodecException n = assertThrows(CodecException.class, () -> JaegerThriftDecoder.decodeBatch(neg));
    assertTrue(n.getMessage().startsWith("bad-message: "), n.getMessage());

    // Within a real-sized datagram: a 64 KiB buffer must not admit a 2^31 claim either.
    ByteArrayOutputStream padded = compactHeaderToSpansList();
    padded.writeBytes(new byte[] {(byte) 0xFC, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
    padded.writeBytes(new byte[65_000]);
    assertTrue(bad(padded.toByteArray(), true).getMessage().startsWith("truncated: "));

    // A string (the process's service name) claiming 2^31-1 bytes.
    byte[] str = {0x0C, 0x00, 0x01, 0x0B, 0x00, 0x01, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'a'};
    CodecException s = assertThrows(CodecException.class, () -> JaegerThriftDecoder.decodeBatch(str));
    assertTrue(s.getMessage().startsWith("truncated: "), s.getMessage());
  }

  @Test
  void deepNestingIsRejectedNotAStackOverflow() {
    // Unknown nested struct fields, each one byte deep: libthrift would skip them recursively.
    ByteArrayOutputStream c = compactHeaderToSpansList();
    byte[] body = c.toByteArray();
    body = Arrays.copyOf(body, body.length - 1); // drop the list header: field 1 of the batch next
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    deep.writeBytes(body);
    for (int i = 0; i < 500_000; i++) {
      deep.write(0x1C); // field +1, struct
    }
    CodecException e = bad(deep.toByteArray(), true);
    assertTrue(e.getMessage().startsWith("bad-message: ") && e.getMessage().contains("nested"), e.getMessage());
  }
}
