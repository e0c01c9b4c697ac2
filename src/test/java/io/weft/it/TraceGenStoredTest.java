package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.weft.testing.Http;
import io.weft.tracegen.TraceGen;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * tracegen's {@code --stored-url} counts what the query API can read back, against a real node: every
 * span the node wrote is counted, and a URL that finds nothing counts nothing.
 */
class TraceGenStoredTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass();

  @Test
  void zipkinJsonSpansAreCountedOnceReadable() throws Exception {
    double before = node.metric("weft_spans_written_total");
    String out = tracegen("--protocol=zipkin-json", "--endpoint=127.0.0.1:" + node.zipkin, "--spans=12000",
        "--batch=400", "--stored-url=http://127.0.0.1:" + node.query + "/api/traces/", "--drain=20s");
    long written = (long) (node.metric("weft_spans_written_total") - before);
    assertEquals(12000, written, out);
    assertEquals(12000, number(out, "stored ([0-9,]+) spans readable"), out);
    assertEquals(30, number(out, "still readable at the end: ([0-9]+) of 30"), out);
  }

  @Test
  void otlpGrpcSpansAreCountedOnceReadable() throws Exception {
    String out = tracegen("--protocol=otlp-grpc", "--endpoint=127.0.0.1:" + node.otlpGrpc, "--spans=5120",
        "--stored-url=http://127.0.0.1:" + node.query + "/api/traces/", "--drain=20s");
    assertEquals(5120, number(out, "stored ([0-9,]+) spans readable"), out);
    assertTrue(out.contains("stored spans/s per 30 s: "), out);
  }

  /**
   * Below 200 spans/s tracegen once sent nothing, --spans was rounded up to a batch, and traces were cut at
   * batch edges. Now, against a node of its own (so its search lists only these traces): exactly the spans
   * asked for are stored, in whole traces, also when a trace is larger than a batch and goes in parts.
   */
  @Test
  void aLowRateSendsExactlyTheSpansAskedForInWholeTraces() throws Exception {
    assertEquals(List.of(20, 70, 70, 70, 70), storedTraceSizes("--spans-per-trace=70"));
    List<Integer> expected = new ArrayList<>(List.of(6));
    expected.addAll(Collections.nCopies(42, 7));
    assertEquals(expected, storedTraceSizes("--spans-per-trace=7"));
  }

  /** tracegen at 150 spans/s, 300 spans, batches of 50, against a fresh node: the stored traces' sizes, smallest first. */
  private static List<Integer> storedTraceSizes(String spansPerTrace) throws Exception {
    try (TestNode own = TestNode.start()) {
      String out = tracegen("--protocol=otlp-http", "--endpoint=127.0.0.1:" + own.otlpHttp, "--rate=150",
          "--spans=300", "--batch=50", spansPerTrace, "--services=1", "--duration=60s",
          "--stored-url=http://127.0.0.1:" + own.query + "/api/traces/", "--drain=20s");
      assertEquals(300, number(out, "  sent ([0-9,]+)  accepted"), out);
      assertEquals(300, (long) own.metric("weft_spans_written_total"), out);
      assertEquals(300, number(out, "stored ([0-9,]+) spans readable"), out);
      JsonArray traces = Http.json(own.query, "/api/traces?service=service-a&limit=1000").getJsonArray("data");
      List<Integer> sizes = new ArrayList<>();
      for (int i = 0; i < traces.size(); i++) {
        sizes.add(traces.getJsonObject(i).getJsonArray("spans").size());
      }
      sizes.sort(null);
      return sizes;
    }
  }

  @Test
  void nothingReadableCountsNothing() throws Exception {
    String out = tracegen("--protocol=otlp-http", "--endpoint=127.0.0.1:" + node.otlpHttp, "--spans=1024",
        "--stored-url=http://127.0.0.1:" + node.query + "/api/no-such-thing/", "--drain=1s");
    assertEquals(0, number(out, "stored ([0-9,]+) spans readable"), out);
  }

  private static String tracegen(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = TraceGen.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, out);
    return out;
  }

  private static long number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), "no match for " + regex + " in\n" + out);
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
