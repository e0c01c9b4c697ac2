package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs on 127.0.0.1 form a cluster from {@code --cluster.members} although their cluster.xml lists
 * only a port where nothing listens, as containers do (their file's loopback list is useless to them):
 * one advertises itself by name through {@code --cluster.public-host}, the other binds a name given as
 * {@code --cluster.host} and lists its peer by name. Spans sent to one are read through the other.
 */
class ClusterMembersTest {
  static final List<ChildNode> started = new java.util.ArrayList<>();

  @AfterAll
  static void stop() throws Exception {
    for (ChildNode n : started) {
      n.kill();
    }
  }

  @Test
  void membersGivenAsOptionsFormTheClusterAndCarryTheEventBus() throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"),
        "cluster-members-test", Long.toString(System.currentTimeMillis())));
    ClusterXml xml = new ClusterXml(dir, 3);
    List<String> nobody = List.of("127.0.0.1:" + xml.port(2)); // the files' list: nothing listens there
    ChildNode a = new ChildNode("a", dir);
    started.add(a);
    a.start(xml.member(0, nobody), "collector", "--cluster.members=127.0.0.1:" + xml.port(0) + ",127.0.0.1:"
        + xml.port(1), "--cluster.public-host=localhost");
    assertEquals(1, a.health().getJsonObject("cluster").getInteger("members"), "alone before b starts");
    ChildNode b = new ChildNode("b", dir);
    started.add(b);
    b.start(xml.member(1, nobody), "query", "--cluster.host=localhost", "--cluster.members=localhost:" + xml.port(0));

    for (ChildNode n : List.of(a, b)) {
      ClusterTest.await(n.name + " sees two members",
          () -> n.health().getJsonObject("cluster").getInteger("members") == 2 ? true : null);
    }
    // over the event bus, each side reaching the other at the address it advertised
    String trace = Spans.newTraceId();
    String root = Spans.spanId();
    ClusterTest.post(a, Spans.json(Spans.span(trace, root, null, "shop", "GET /cart"),
        Spans.span(trace, Spans.spanId(), root, "stock", "reserve")));
    assertEquals(2, ClusterTest.await("a's spans through b's query",
        () -> ClusterTest.traceWith(b, trace, 2)).getJsonArray("spans").size());
  }
}
