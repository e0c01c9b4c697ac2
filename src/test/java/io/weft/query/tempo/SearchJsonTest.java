package io.weft.query.tempo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.traceql.Query;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search answer's own rules, on hand-made traces: partial answers, a trace without a root, ids. */
class SearchJsonTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode write(Query q, ScanResult r) throws Exception {
    return MAPPER.readTree(TempoReply.json(g -> SearchJson.write(g, q, r, 3)).toString());
  }

  @Test
  void aPartialAnswerSaysWhy() throws Exception {
    JsonNode body = write(Query.parse("{ }"), new ScanResult(List.of(), 7, "member m2 did not answer"));
    assertEquals(true, body.get("partial").asBoolean());
    assertEquals("member m2 did not answer", body.get("partialReason").asText());
    assertEquals(7, body.get("metrics").get("inspectedTraces").asInt());
  }

  @Test
  void aTraceWhoseRootHasNotArrivedSaysSo() throws Exception {
    TraceId t = new TraceId(0, 0x00ab);
    Span orphan = Span.builder().traceId(t).spanId(2).operationName("child").startTimeMicros(1_000)
        .durationMicros(2_500).references(List.of(SpanRef.childOf(t, 1))).process(new Process("svc", List.of())).build();
    JsonNode trace = write(Query.parse("{ name = \"child\" }"), new ScanResult(List.of(List.of(orphan)), 1, null))
        .get("traces").get(0);
    assertEquals("ab", trace.get("traceID").asText(), "leading zeros dropped, as Tempo writes trace ids");
    assertEquals(SearchJson.NO_ROOT, trace.get("rootServiceName").asText());
    assertEquals(false, trace.has("rootTraceName"));
    assertEquals("1000000", trace.get("startTimeUnixNano").asText());
    assertEquals(2, trace.get("durationMs").asInt(), "2.5 ms, whole milliseconds as Tempo's uint32");
  }
}
