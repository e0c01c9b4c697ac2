package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.weft.testing.Http;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Archive in a cluster with in-memory storage, separate JVMs: collectors A and B (each holding at most
 * 4 traces), query C. A trace archived through C is kept by one collector's archive, read back through C
 * after both primary stores evicted it, and handed over when the member holding it shuts down.
 */
class ClusterArchiveTest {
  @Test
  void anArchivedTraceOutlivesEvictionAndItsHoldersShutdown() throws Exception {
    try (TestCluster cluster = TestCluster.inBuildDir("cluster-archive-test", 3)) {
      WeftProcess a = cluster.start("a", 0, "collector", "--memory.max-traces=4");
      WeftProcess b = cluster.start("b", 1, "collector", "--memory.max-traces=4");
      WeftProcess c = cluster.start("c", 2, "query");
      for (WeftProcess n : List.of(a, b, c)) {
        Wait.until(n.name + " sees three members", 30, () -> n.health().getJsonObject("cluster").getInteger("members") == 3);
      }
      Wait.until("a and b run the collector", 30, () -> a.running().contains("collector") && b.running().contains("collector"));

      String kept = ZipkinJson.newTraceId();
      String root = ZipkinJson.spanId();
      ClusterTest.post(a, ZipkinJson.json(ZipkinJson.span(kept, root, null, "shop", "GET /cart"),
          ZipkinJson.span(kept, ZipkinJson.spanId(), root, "stock", "reserve")));
      assertNotNull(Wait.forValue("the trace through c", 20, () -> Http.traceWith(c.query, kept, 2)));

      HttpResponse<String> archived = Http.post(c.query, "/api/archive/" + kept, "application/json", new byte[0]);
      assertEquals(200, archived.statusCode(), archived.body());
      WeftProcess holder = Wait.forValue("the member holding the archived trace", 20,
          () -> a.metric("weft_archived_traces") == 1 ? a : b.metric("weft_archived_traces") == 1 ? b : null);
      WeftProcess other = holder == a ? b : a;
      assertEquals(0, other.metric("weft_archived_traces"), "archived once, on one member");

      // Sixty newer traces: every collector's primary store (4 traces) lets the archived one go. (Placement
      // shares trace ids unevenly between two members: of twenty, fewer than four once reached the kept
      // trace's owner.)
      for (int i = 0; i < 60; i++) {
        String t = ZipkinJson.newTraceId();
        ClusterTest.post(i % 2 == 0 ? a : b, ZipkinJson.json(ZipkinJson.span(t, ZipkinJson.spanId(), null, "shop", "GET /" + i)));
      }
      Wait.until("evicted from the primary stores (no search finds it)", 20,
          () -> Http.json(c.query, "/api/traces?service=shop&operation=GET%20%2Fcart&lookback=1h").getJsonArray("data").isEmpty());
      assertEquals(2, Http.traceWith(c.query, kept, 2).getJsonArray("spans").size(), "read from the archive");

      holder.stop();
      assertEquals(1, other.metric("weft_archived_traces"), holder.name + " handed its archived trace to " + other.name);
      assertEquals(2, Wait.forValue("the archived trace after " + holder.name + " left", 20,
          () -> Http.traceWith(c.query, kept, 2)).getJsonArray("spans").size());
    }
  }

}
