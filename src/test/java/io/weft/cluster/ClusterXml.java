package io.weft.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hazelcast configs for one test run: a cluster name of its own (no other run can join) and a member
 * list of free ports, one file per member since each member listens on its own port.
 */
final class ClusterXml {
  private final String clusterName = "weft-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final Path dir;

  ClusterXml(Path dir, int members) {
    this.dir = dir;
    for (int i = 0; i < members; i++) {
      ports.add(Ports.free());
    }
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
