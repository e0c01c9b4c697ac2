package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.WeftProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The last member of a cluster stops quietly on SIGTERM: one line says no member stays to take its
 * roles (rather than claiming they were taken over), and nothing reads Hazelcast after it left.
 */
class LastMemberTest {

  @Test
  void theLastMemberSaysNobodyTakesItsRolesAndStopsQuietly() throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"), "last-member-test",
        Long.toString(System.currentTimeMillis())));
    WeftProcess only = new TestCluster(dir, 1).start("only", 0, "all");
    try {
      assertEquals(List.of("agent", "collector", "query"), only.running());
      only.stop();
      assertFalse(only.isAlive(), "stopped");
      String log = Files.readString(dir.resolve("only.log"));
      List<String> leaving = log.lines().filter(l -> l.contains("leaving")).toList();
      assertEquals(1, leaving.size(), log);
      assertTrue(leaving.get(0).endsWith("no member stays to take over roles [agent, collector, query]; they stop with"
          + " this node"), leaving.get(0));
      assertFalse(log.contains("taken over"), log);
      assertFalse(log.contains("Exception"), log);
    } finally {
      only.kill();
    }
  }
}
