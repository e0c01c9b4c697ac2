package io.weft.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import java.io.FileNotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a clustered Vert.x on Hazelcast. The member carries its Weft identity as member attributes
 * (pinned roles, spare capacity, admin address): attributes arrive with membership itself, so a plan
 * never sees a member whose roles it does not know yet.
 */
public final class ClusterBoot {
  static final String ATTR_NODE = "weft.node";
  static final String ATTR_PINNED = "weft.pinned";
  static final String ATTR_CAPACITY = "weft.capacity";
  static final String ATTR_ADMIN = "weft.admin";

  // Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level.
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  private static final Logger CP_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

  private ClusterBoot() {}

  /** A clustered Vert.x and the Hazelcast cluster manager under it. */
  public record Joined(Vertx vertx, HazelcastClusterManager manager) {}

  /** A Weft node: a full member with its roles as attributes. */
  public static Future<Joined> start(VertxBuilder builder, VertxOptions options, ClusterSettings s, NodeSpec spec,
      String adminAddress) {
    quietHazelcast();
    Config hz = loadConfig(s.configPath());
    applyNetwork(hz, s);
    hz.getMemberAttributeConfig().setAttribute(ATTR_NODE, "1");
    hz.getMemberAttributeConfig().setAttribute(ATTR_PINNED, spec.pinnedAttribute());
    hz.getMemberAttributeConfig().setAttribute(ATTR_CAPACITY, Integer.toString(spec.capacity()));
    hz.getMemberAttributeConfig().setAttribute(ATTR_ADMIN, adminAddress);
    return build(builder, options, s.busHost(), s.busPort(), s.publicHost(), hz);
  }

  /** A tool (WeftClient): a lite member, which holds no cluster data and is never given a role. */
  public static Future<Joined> startClient(String configPath, String busHost) {
    quietHazelcast();
    Config hz = loadConfig(configPath);
    hz.setLiteMember(true);
    return build(Vertx.builder(), new VertxOptions(), busHost, 0, busHost, hz);
  }

  private static Future<Joined> build(VertxBuilder builder, VertxOptions options, String host, int port,
      String publicHost, Config hz) {
    // Vert.x leaves the cluster from Weft's own shutdown hook, after the roles are handed over.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    options.setEventBusOptions(new EventBusOptions().setHost(host).setPort(port).setClusterPublicHost(publicHost));
    HazelcastClusterManager manager = new HazelcastClusterManager(hz);
    return builder.with(options).withClusterManager(manager).buildClustered().map(v -> new Joined(v, manager));
  }

  /**
   * The options over cluster.xml: {@code cluster.members} replaces its join (so containers, which cannot
   * share the file's loopback list, find each other by name); {@code cluster.host} becomes Hazelcast's
   * interface, as it is the event bus's address (a wildcard lets Hazelcast pick one); a distinct
   * {@code cluster.public-host} is what Hazelcast tells the others, as the event bus does. The defaults
   * give what the shipped cluster.xml says: interface and members 127.0.0.1.
   */
  static void applyNetwork(Config hz, ClusterSettings s) {
    NetworkConfig net = hz.getNetworkConfig();
    if (!s.members().isEmpty()) {
      JoinConfig join = net.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getAwsConfig().setEnabled(false);
      join.getGcpConfig().setEnabled(false);
      join.getAzureConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(false);
      join.getEurekaConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(s.members()));
    }
    if (isWildcard(s.busHost())) {
      net.getInterfaces().setEnabled(false).clear();
    } else {
      net.getInterfaces().setEnabled(true).setInterfaces(List.of(ipOf(Options.CLUSTER_HOST.name(), s.busHost())));
    }
    if (!s.publicHost().equals(s.busHost()) && !isWildcard(s.publicHost())) {
      net.setPublicAddress(s.publicHost());
    }
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** Hazelcast matches interfaces by IP address only: a name is resolved here (e.g. a container's hostname). */
  private static String ipOf(String option, String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(option + ": cannot resolve '" + host + "'");
    }
  }

  /** Hazelcast logs through java.util.logging: its start-up chatter and the CP notice (Weft uses no CP structure) go. */
  private static void quietHazelcast() {
    if (HAZELCAST_LOG.getLevel() == null) {
      HAZELCAST_LOG.setLevel(Level.WARNING);
      CP_LOG.setLevel(Level.SEVERE);
    }
  }

  /** The given file, else ./cluster.xml, else the copy inside the jar. */
  static Config loadConfig(String path) {
    try {
      if (!path.isEmpty()) {
        if (!Files.isRegularFile(Path.of(path))) {
          throw new ConfigException("cluster.config: no such file " + path);
        }
        return new FileSystemXmlConfig(path);
      }
      if (Files.isRegularFile(Path.of("cluster.xml"))) {
        return new FileSystemXmlConfig("cluster.xml");
      }
      return new ClasspathXmlConfig("cluster.xml");
    } catch (FileNotFoundException e) {
      throw new ConfigException("cluster.config: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof ConfigException) {
        throw e;
      }
      throw new ConfigException("cluster.config: cannot read Hazelcast XML: " + e.getMessage());
    }
  }
}
