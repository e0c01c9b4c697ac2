package io.weft.tracegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.codec.JaegerThriftDecoder;
import io.weft.model.Span;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** tracegen's jaeger-udp datagrams decode as the agent decodes them, with fresh trace ids each time. */
class JaegerUdpPayloadsTest {
  @Test
  void templatesDecodeAndGetFreshTraceIds() {
    TraceGenSettings s = TraceGenSettings.parse(List.of("--protocol=jaeger-udp", "--batch=10", "--events=1"));
    assertEquals(6831, s.port());
    TracePayloads.Template t = new TracePayloads(s, 1).next();
    assertEquals(10, t.spans());
    SplittableRandom rnd = new SplittableRandom(2);
    List<Span> a = JaegerThriftDecoder.decodeEmitBatch(t.fresh(rnd, new byte[16]), true);
    List<Span> b = JaegerThriftDecoder.decodeEmitBatch(t.fresh(rnd, new byte[16]), true);
    assertEquals(10, a.size());
    assertNotEquals(a.get(0).traceId(), b.get(0).traceId());
    assertEquals(a.get(0).traceId(), a.get(1).traceId(), "a trace keeps one id across its spans");
    assertEquals(a.get(0).operationName(), b.get(0).operationName());
    assertEquals(1, a.get(0).logs().size());
  }

  @Test
  void tooManySpansForADatagramIsAClearError() {
    TraceGenSettings s = TraceGenSettings.parse(List.of("--protocol=jaeger-udp", "--batch=2000"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TracePayloads(s, 1).next());
    assertEquals(true, e.getMessage().contains("smaller --batch"), e.getMessage());
  }
}
