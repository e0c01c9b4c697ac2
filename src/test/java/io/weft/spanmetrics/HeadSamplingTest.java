package io.weft.spanmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSamplingTest {

  static Span span(Tag... tags) {
    return Span.builder().traceId(new TraceId(0, 1)).spanId(1).operationName("op")
        .process(new Process("svc", List.of())).tags(List.of(tags)).build();
  }

  @Test
  void otelThresholdsAsTheSpecDefinesThem() {
    assertEquals(1, HeadSampling.fromTraceState("ot=th:0"));
    assertEquals(2, HeadSampling.fromTraceState("ot=th:8"));
    assertEquals(4, HeadSampling.fromTraceState("ot=th:c"), 1e-12); // the spec's example: 25%
    assertEquals(100, HeadSampling.fromTraceState("vendor=x,ot=th:fd70a4;rv:abcdef01234567"), 0.001); // 1%
    assertEquals(8, HeadSampling.fromTraceState("ot=p:3"));
    assertEquals(0, HeadSampling.fromTraceState("ot=th:C"), "uppercase is not a valid th");
    assertEquals(0, HeadSampling.fromTraceState("ot=th:123456789abcdef"), "more than 14 digits");
    assertEquals(0, HeadSampling.fromTraceState("vendor=th:8"));
    assertEquals(0, HeadSampling.fromTraceState(null));
  }

  @Test
  void jaegerProbabilisticSamplerTags() {
    assertEquals(10, HeadSampling.adjustedCount(span(Tag.string("sampler.type", "probabilistic"),
        Tag.float64("sampler.param", 0.1))), 1e-9);
    assertEquals(0, HeadSampling.adjustedCount(span(Tag.string("sampler.type", "ratelimiting"),
        Tag.float64("sampler.param", 2.0))));
    assertEquals(0, HeadSampling.adjustedCount(span(Tag.string("sampler.type", "probabilistic"),
        Tag.float64("sampler.param", 0))));
    assertEquals(4, HeadSampling.adjustedCount(span(Tag.string("w3c.tracestate", "ot=th:c"))), 1e-12);
    assertEquals(0, HeadSampling.adjustedCount(span()));
  }
}
