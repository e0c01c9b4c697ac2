package io.weft.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MemberAttributeConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.net.EventBusTls;
import io.weft.net.TlsFiles;
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
  static final String BIND_ANY = "hazelcast.socket.bind.any";

  // Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level.
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  private static final Logger CP_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

  private ClusterBoot() {}

  /** A clustered Vert.x and the Hazelcast cluster manager under it. */
  public record Joined(Vertx vertx, HazelcastClusterManager manager) {}

  /** A Weft node: a full member with its roles as attributes. */
  public static Future<Joined> start(VertxBuilder builder, VertxOptions options, ClusterSettings s, NodeSpec spec,
      String adminAddress, TlsFiles tls, Counter busRefused) {
    quietHazelcast();
    Config hz = loadConfig(s.configPath());
    applyNetwork(hz, s);
    hz.getMemberAttributeConfig().setAttribute(ATTR_NODE, "1");
    identify(hz, s.secret(), spec.pinnedAttribute(), Integer.toString(spec.capacity()), adminAddress);
    return build(builder, options, s.busHost(), s.busPort(), s.publicHost(), hz, s.secret(), tls, busRefused);
  }

  /** A tool (WeftClient): a lite member, which holds no cluster data and is never given a role. */
  public static Future<Joined> startClient(String configPath, String busHost) {
    return startClient(configPath, busHost, ClusterSecret.NONE, null);
  }

  /** A tool joining a cluster that has a secret, and TLS on its event bus ({@code tls} null: none). */
  public static Future<Joined> startClient(String configPath, String busHost, ClusterSecret secret, TlsFiles tls) {
    quietHazelcast();
    Config hz = loadConfig(configPath);
    hz.setLiteMember(true);
    identify(hz, secret, "", "0", "");
    return build(Vertx.builder(), new VertxOptions(), busHost, 0, busHost, hz, secret, tls,
        Counter.builder("weft_cluster_bus_refused").register(new SimpleMeterRegistry()));
  }

  /** The attributes that decide a member's roles, and with a secret, the proof that covers them. */
  private static void identify(Config hz, ClusterSecret secret, String pinned, String capacity, String admin) {
    MemberAttributeConfig a = hz.getMemberAttributeConfig();
    a.setAttribute(ATTR_PINNED, pinned);
    a.setAttribute(ATTR_CAPACITY, capacity);
    a.setAttribute(ATTR_ADMIN, admin);
    if (secret.enabled()) {
      String nonce = ClusterSecret.nonce();
      a.setAttribute(ClusterSecret.ATTR_NONCE, nonce);
      a.setAttribute(ClusterSecret.ATTR_PROOF, secret.proof(nonce, pinned, capacity, admin));
    }
  }

  private static Future<Joined> build(VertxBuilder builder, VertxOptions options, String host, int port,
      String publicHost, Config hz, ClusterSecret secret, TlsFiles tls, Counter busRefused) {
    // Vert.x leaves the cluster from Weft's own shutdown hook, after the roles are handed over.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Hazelcast binds every interface unless told otherwise, whatever <interfaces> says: with an
    // interface given, only that address listens.
    if (hz.getNetworkConfig().getInterfaces().isEnabled() && hz.getProperty(BIND_ANY) == null) {
      hz.setProperty(BIND_ANY, "false");
    }
    EventBusOptions bus = new EventBusOptions().setHost(host).setPort(port).setClusterPublicHost(publicHost);
    EventBusTls.apply(bus, tls);
    options.setEventBusOptions(bus);
    HazelcastClusterManager manager = new HazelcastClusterManager(hz);
    ClusterManager routed = secret.enabled() ? new TrustedClusterManager(manager, secret) : manager;
    return builder.with(options).withClusterManager(routed).buildClustered().map(v -> {
      // Before anything registers a consumer: no message is handled unchecked.
      secret.guard(v.eventBus(), busRefused);
      EventBusTls.follow(v, tls);
      return new Joined(v, manager);
    });
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
