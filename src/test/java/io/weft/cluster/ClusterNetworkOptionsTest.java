package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@code cluster.members}, {@code cluster.host} and {@code cluster.public-host} change the shipped
 * cluster.xml (read, never started: {@link ClusterMembersTest} forms a real cluster with them).
 */
class ClusterNetworkOptionsTest {

  static NetworkConfig applied(List<String> args, Map<String, String> env) {
    ClusterSettings s = ClusterSettings.from(WeftConfig.load(args, env));
    Config hz = ClusterBoot.loadConfig("cluster.xml");
    ClusterBoot.applyNetwork(hz, s);
    return hz.getNetworkConfig();
  }

  @Test
  void defaultsKeepTheShippedLoopbackCluster() {
    NetworkConfig net = applied(List.of(), Map.of());
    assertEquals(List.of("127.0.0.1"), net.getJoin().getTcpIpConfig().getMembers());
    assertTrue(net.getJoin().getTcpIpConfig().isEnabled());
    assertTrue(net.getInterfaces().isEnabled());
    assertEquals(List.of("127.0.0.1"), List.copyOf(net.getInterfaces().getInterfaces()));
    assertNull(net.getPublicAddress());
  }

  @Test
  void membersFromTheEnvironmentReplaceTheFilesList() {
    NetworkConfig net = applied(List.of(), Map.of("WEFT_CLUSTER_MEMBERS", "weft-1:5701, weft-2,[fd00::2]:5702"));
    assertEquals(List.of("weft-1:5701", "weft-2", "[fd00::2]:5702"), net.getJoin().getTcpIpConfig().getMembers());
    assertTrue(net.getJoin().getTcpIpConfig().isEnabled());
    assertFalse(net.getJoin().getMulticastConfig().isEnabled());
    assertFalse(net.getJoin().getAutoDetectionConfig().isEnabled());
  }

  @Test
  void aContainerBindsAllAndAdvertisesItsName() {
    NetworkConfig net = applied(List.of("--cluster.host=0.0.0.0", "--cluster.public-host=weft-1",
        "--cluster.members=weft-1,weft-2"), Map.of());
    assertFalse(net.getInterfaces().isEnabled(), "Hazelcast picks the interface itself");
    assertEquals("weft-1", net.getPublicAddress());
  }

  @Test
  void aHostNameBecomesHazelcastsInterfaceAddress() {
    NetworkConfig net = applied(List.of("--cluster.host=localhost"), Map.of());
    assertEquals(List.of("127.0.0.1"), List.copyOf(net.getInterfaces().getInterfaces()));
    assertNull(net.getPublicAddress(), "the public host defaults to cluster.host: nothing to advertise apart");
  }

  @Test
  void badValuesAreClearErrors() {
    for (String bad : List.of("weft-1:", "weft-1:99999", ":5701", "we ft", "[::1", "[::1]x")) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> applied(List.of("--cluster.members=" + bad), Map.of()), bad);
      assertTrue(e.getMessage().startsWith("cluster.members: expected host or host:port"), e.getMessage());
    }
    ConfigException e = assertThrows(ConfigException.class,
        () -> applied(List.of("--cluster.host=no-such-host.invalid"), Map.of()));
    assertEquals("cluster.host: cannot resolve 'no-such-host.invalid'", e.getMessage());
  }
}
