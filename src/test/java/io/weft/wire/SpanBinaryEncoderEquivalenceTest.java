package io.weft.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.RandomSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder with its own string table and a writer reused from message to message write exactly the
 * bytes of the encoder before them ({@link ReferenceSpanBinaryEncoder}): a message's bytes are part of the
 * wire contract, and the Cassandra store hashes them.
 */
class SpanBinaryEncoderEquivalenceTest {

  @Test
  void sameBytesAsTheReferenceEncoderOnRandomBatches() {
    RandomSpans gen = new RandomSpans(2026);
    SpanBinaryCodec.Writer reused = new SpanBinaryCodec.Writer();
    ByteSink sink = new ByteSink(16);
    for (int i = 0; i < 3000; i++) {
      List<Span> spans = gen.batch(i % 100 == 0 ? 300 : 12);
      byte[] expected = reference(spans);
      assertArrayEquals(expected, SpanBinaryCodec.encode(spans), "one-off encoder, batch " + i);
      sink.reset();
      reused.write(spans, sink);
      assertArrayEquals(expected, sink.toByteArray(), "reused writer, batch " + i);
      // Equal strings that are other instances (no identity match), and decoded ones (one instance per string).
      List<Span> copies = copies(spans);
      assertArrayEquals(expected, SpanBinaryCodec.encode(copies), "copied strings, batch " + i);
      assertArrayEquals(expected, SpanBinaryCodec.encode(SpanBinaryCodec.decode(expected)), "decoded, batch " + i);
    }
  }

  /** Past the table's first size (a grown table, then cleared for the next message), and long or non-ASCII strings. */
  @Test
  void manyStringsAndNonAsciiMatchTheReference() {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      List<Tag> tags = new ArrayList<>();
      for (int k = 0; k < 60; k++) {
        tags.add(Tag.string("key." + (k % 17), "value-" + i + "-" + k));
      }
      tags.add(Tag.string("x".repeat(127), "y".repeat(128)));
      tags.add(Tag.string("caf\u00e9", "\u65e5\u672c \uD83D\uDE00 \u007f\u0080"));
      spans.add(Span.builder().traceId(new TraceId(i % 3, 9)).spanId(i).operationName("op" + (i % 5))
          .tags(tags).process(new Process("svc" + (i % 4), List.of(Tag.string("host", "h")))).build());
    }
    SpanBinaryCodec.Writer reused = new SpanBinaryCodec.Writer();
    ByteSink sink = new ByteSink(16);
    for (List<Span> batch : List.of(spans, spans.subList(0, 1), spans, spans.subList(3, 7))) {
      sink.reset();
      reused.write(batch, sink);
      assertArrayEquals(reference(batch), sink.toByteArray());
      assertEquals(batch, SpanBinaryCodec.decode(sink.toByteArray()));
    }
  }

  @Test
  void shortAsciiIsWrittenAsLengthAndCharacters() {
    ByteSink sink = new ByteSink(4);
    assertTrue(sink.writeShortAscii("abc"));
    assertFalse(sink.writeShortAscii("ab\u00e9"));
    assertFalse(sink.writeShortAscii("a".repeat(128)));
    assertTrue(sink.writeShortAscii(""));
    assertArrayEquals(new byte[] {3, 'a', 'b', 'c', 0}, sink.toByteArray());
  }

  private static byte[] reference(List<Span> spans) {
    ByteSink out = new ByteSink(64);
    new ReferenceSpanBinaryEncoder(out, spans.size()).message(spans);
    return out.toByteArray();
  }

  private static List<Span> copies(List<Span> spans) {
    List<Span> out = new ArrayList<>();
    for (Span s : spans) {
      List<SpanRef> refs = new ArrayList<>();
      for (SpanRef r : s.references()) {
        refs.add(new SpanRef(r.type(), r.traceId() == null ? null : new TraceId(r.traceId().high(), r.traceId().low()),
            r.spanId(), copy(r.tags())));
      }
      List<Log> logs = new ArrayList<>();
      for (Log l : s.logs()) {
        logs.add(new Log(l.timestampMicros(), copy(l.fields())));
      }
      List<String> warnings = new ArrayList<>();
      for (String w : s.warnings()) {
        warnings.add(new String(w));
      }
      out.add(s.toBuilder().operationName(s.operationName() == null ? null : new String(s.operationName()))
          .references(refs).tags(copy(s.tags())).logs(logs).warnings(warnings)
          .process(s.process() == null ? null : new Process(
              s.process().serviceName() == null ? null : new String(s.process().serviceName()), copy(s.process().tags())))
          .status(s.statusCode(), new String(s.statusMessage())).build());
    }
    return out;
  }

  private static List<Tag> copy(List<Tag> tags) {
    List<Tag> out = new ArrayList<>();
    for (Tag t : tags) {
      Object v = switch (t.type()) {
        case STRING -> new String((String) t.value());
        case ARRAY, MAP -> copy(t.values());
        default -> t.value();
      };
      out.add(new Tag(new String(t.key()), t.type(), v));
    }
    return out;
  }
}
