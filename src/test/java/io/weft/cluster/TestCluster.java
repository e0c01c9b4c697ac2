package io.weft.cluster;

import io.weft.testing.Ports;
import io.weft.testing.WeftProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A cluster of separate JVMs on 127.0.0.1 for one test run: a Hazelcast cluster name of its own (no
 * other run can join), a member list of free ports with one config file per member (each member
 * listens on its own port), and the nodes started as members, their logs in {@code dir}.
 */
public final class TestCluster implements AutoCloseable {
  private final String clusterName = "weft-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final List<WeftProcess> started = new ArrayList<>();
  private final Path dir;

  /** A cluster whose logs and configs go to a fresh folder {@code name/<now>} of the build directory. */
  public static TestCluster inBuildDir(String name, int members) throws IOException {
    return new TestCluster(Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"), name,
        Long.toString(System.currentTimeMillis()))), members);
  }

  public TestCluster(Path dir, int members) {
    this.dir = dir;
    for (int i = 0; i < members; i++) {
      ports.add(Ports.free());
    }
  }

  /** Starts a node as member {@code member} running {@code roles}, and waits until it is ready. */
  public WeftProcess start(String name, int member, String roles, String... extra) throws Exception {
    return start(name, member(member), roles, extra);
  }

  /** Starts a node with the Hazelcast config {@code config} running {@code roles}, and waits until it is ready. */
  public WeftProcess start(String name, Path config, String roles, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--cluster", "--cluster.config=" + config, "--roles=" + roles,
        "--agent.collector.timeout=2s", "--collector.instances=1", "--cluster.shutdown-timeout=10s"));
    args.addAll(List.of(extra));
    WeftProcess node = WeftProcess.start(name, WeftProcess.CLUSTER_JVM, args, dir.resolve(name + ".log"));
    started.add(node);
    return node;
  }

  /** Kills every node this cluster started that is still running. */
  @Override
  public void close() {
    started.forEach(WeftProcess::kill);
  }

  /** The config of member {@code i} (0-based; the test JVM's client can take one too). */
  Path member(int i) throws IOException {
    return member(i, ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  /** Member {@code i}'s Hazelcast port. */
  int port(int i) {
    return ports.get(i);
  }

  /** The config of member {@code i} with {@code listed} as its tcp-ip member list instead of every member. */
  Path member(int i, List<String> listed) throws IOException {
    StringBuilder list = new StringBuilder();
    for (String m : listed) {
      list.append("        <member>").append(m).append("</member>\n");
    }
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <cluster-name>%s</cluster-name>
          <properties>
            <property name="hazelcast.wait.seconds.before.join">0</property>
            <property name="hazelcast.heartbeat.interval.seconds">1</property>
            <property name="hazelcast.max.no.heartbeat.seconds">5</property>
            <property name="hazelcast.logging.type">jdk</property>
            <property name="hazelcast.phone.home.enabled">false</property>
          </properties>
          <network>
            <port auto-increment="false">%d</port>
            <join>
              <auto-detection enabled="false"/>
              <multicast enabled="false"/>
              <tcp-ip enabled="true">
                <member-list>
        %s        </member-list>
              </tcp-ip>
            </join>
            <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
          </network>
          <multimap name="__vertx.subs"><backup-count>1</backup-count><value-collection-type>SET</value-collection-type></multimap>
          <map name="__vertx.haInfo"><backup-count>1</backup-count></map>
          <map name="__vertx.nodeInfo"><backup-count>1</backup-count></map>
        </hazelcast>
        """.formatted(clusterName, ports.get(i), list);
    Path f = dir.resolve("cluster-" + i + ".xml");
    Files.writeString(f, xml);
    return f;
  }
}
