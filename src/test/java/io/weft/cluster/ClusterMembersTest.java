package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.testing.Http;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs on 127.0.0.1 form a cluster from {@code --cluster.members} although their cluster.xml lists
 * only a port where nothing listens, as containers do (their file's loopback list is useless to them):
 * one advertises itself by name through {@code --cluster.public-host}, the other binds a name given as
 * {@code --cluster.host} and lists its peer by name. Spans sent to one are read through the other.
 */
class ClusterMembersTest {
  @Test
  void membersGivenAsOptionsFormTheClusterAndCarryTheEventBus() throws Exception {
    try (TestCluster cluster = TestCluster.inBuildDir("cluster-members-test", 3)) {
      List<String> nobody = List.of("127.0.0.1:" + cluster.port(2)); // the files' list: nothing listens there
      WeftProcess a = cluster.start("a", cluster.member(0, nobody), "collector", "--cluster.members=127.0.0.1:"
          + cluster.port(0) + ",127.0.0.1:" + cluster.port(1), "--cluster.public-host=localhost");
      assertEquals(1, a.health().getJsonObject("cluster").getInteger("members"), "alone before b starts");
      WeftProcess b = cluster.start("b", cluster.member(1, nobody), "query", "--cluster.host=localhost",
          "--cluster.members=localhost:" + cluster.port(0));

      for (WeftProcess n : List.of(a, b)) {
        Wait.until(n.name + " sees two members", 20,
            () -> n.health().getJsonObject("cluster").getInteger("members") == 2);
      }
      // over the event bus, each side reaching the other at the address it advertised
      String trace = ZipkinJson.newTraceId();
      String root = ZipkinJson.spanId();
      ClusterTest.post(a, ZipkinJson.json(ZipkinJson.span(trace, root, null, "shop", "GET /cart"),
          ZipkinJson.span(trace, ZipkinJson.spanId(), root, "stock", "reserve")));
      assertEquals(2, Wait.forValue("a's spans through b's query", 20,
          () -> Http.traceWith(b.query, trace, 2)).getJsonArray("spans").size());
    }
  }
}
