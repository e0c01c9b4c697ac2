package io.weft;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.weft.admin.AdminVerticle;
import io.weft.auth.AuthGate;
import io.weft.cluster.ClusterHttp;
import io.weft.cluster.ClusterNode;
import io.weft.cluster.ClusterSettings;
import io.weft.cluster.NodeSpec;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.metrics.VertxMetricsGuard;
import io.weft.metrics.WeftMetrics;
import io.weft.net.Exposure;
import io.weft.net.NetPolicy;
import io.weft.net.TlsFiles;
import io.weft.net.TlsSettings;
import io.weft.query.eventbus.Bridges;
import io.weft.role.Role;
import io.weft.role.RoleDeployer;
import io.weft.storage.SpanStore;
import io.weft.storage.tenant.TenantStores;
import io.weft.storage.cold.ColdSettings;
import io.weft.storage.cold.ColdStore;
import java.util.EnumSet;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.storage.live.LiveWatchers;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * One Weft process: a Vert.x instance, the span store, and the verticles of the roles it runs.
 * The all-in-one node runs agent, collector and query over the store named by {@code span-storage.type}.
 * With {@code --cluster} the node joins a Hazelcast cluster and a {@link ClusterNode} decides which
 * roles run here; either way a role starts through its entry in the {@link Wiring} table, which also
 * says what each role writes to and reads from.
 */
public final class WeftNode {
  private static final String DNS_RESOLVER_OFF = "vertx.disableDnsResolver";
  private final WeftConfig config;
  private final Set<Role> roles;
  private final ClusterSettings cluster;
  private final NodeSpec spec;
  private ClusterNode clusterNode;
  private final String backend;
  private final WeftMetrics metrics = new WeftMetrics();
  /** Consumers of live spans on this node's event bus, seen through its metrics: none, nothing is published. */
  private final LiveWatchers liveWatchers = new LiveWatchers();
  private final long startedAt = System.currentTimeMillis();
  private volatile String status = "starting";
  private Vertx vertx;
  private SpanStore store;
  private ColdStore cold;
  private volatile Wiring wiring;
  private final LaunchSettings launch;
  private final TlsFiles tls;
  private final io.weft.net.TlsEngine tlsEngine;
  private final AuthGate auth;
  /** The engine the clustered event bus's TLS runs, as read from it after joining; null: no TLS there. */
  private volatile String busTlsEngine;
  private Map<Role, RoleDeployer> deployers = Map.of();
  /** Unclustered: role → its deployment ids. */
  private final Map<Role, List<String>> deployments = java.util.Collections.synchronizedMap(new EnumMap<>(Role.class));

  public WeftNode(WeftConfig config) {
    this.config = config;
    this.cluster = ClusterSettings.from(config);
    this.spec = cluster.enabled() ? NodeSpec.parse("", config.getList(Options.ROLES), cluster.spareRoles()) : null;
    this.roles = spec != null ? spec.pinned() : launchRoles(config);
    this.backend = IngesterSettings.backendType(config, roles); // settings errors surface here, before start
    StartChecks.check(config, roles, backend);
    // A bad value fails here, before anything runs. Clustered, every node knows every role (the set of
    // roles one can ask for must not depend on which node is asked), and may be given the agent later.
    this.launch = LaunchSettings.read(config, metrics, roles.contains(Role.AGENT) || spec != null);
    this.tls = launch.tls();
    this.tlsEngine = launch.tlsEngine();
    this.auth = launch.auth();
  }

  /** Unclustered: the roles named at launch; with a cold tier, the all-in-one node also hands traces off to it. */
  private static Set<Role> launchRoles(WeftConfig config) {
    Set<Role> parsed = EnumSet.copyOf(Role.parseList(config.getList(Options.ROLES)));
    if (ColdSettings.enabled(config) && config.getList(Options.ROLES).contains("all")) {
      parsed.add(Role.COMPACTOR);
    }
    return parsed;
  }

  /** Starts every role; the future fails (and the node stops) if any listener cannot start. */
  public Future<WeftNode> start() {
    // Netty's DNS resolver binds a UDP socket on every interface; the JVM's resolver binds none. Weft's
    // addresses are mostly literal, and a name (a cluster member's) is looked up once per connection.
    if (System.getProperty(DNS_RESOLVER_OFF) == null) {
      System.setProperty(DNS_RESOLVER_OFF, "true");
    }
    VertxOptions vo = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    VertxBuilder builder = Vertx.builder().withMetrics(VertxMetricsGuard.factory(metrics.registry(), liveWatchers::observe));
    Future<Vertx> up = !cluster.enabled() ? Future.succeededFuture(builder.with(vo).build())
        : ClusterNode.join(builder, vo, cluster, spec, advertised(config.getInt(Options.ADMIN_PORT)), metrics, tls)
            .map(c -> {
              clusterNode = c;
              if (tls != null && tls.settings().on(io.weft.net.ListenerGroup.CLUSTER)) {
                busTlsEngine = io.weft.net.EventBusTls.engineInUse(c.vertx());
                LoggerFactory.getLogger(WeftNode.class).info("cluster event bus TLS engine: {}", busTlsEngine);
              }
              return c.vertx();
            });
    return up.compose(v -> {
          vertx = v;
          NetPolicy.install(vertx, new NetPolicy(tls, launch.netLimits(), metrics, auth, launch.cors(), tlsEngine));
          if (tls != null) {
            tls.start(vertx, metrics);
          }
          Exposure.warnings(config.get(Options.HOST), tls == null ? TlsSettings.NONE : tls.settings(),
              auth.settings().enabled(), cluster.enabled(),
              cluster.busHost(), cluster.secret().enabled()).forEach(w -> LoggerFactory.getLogger(WeftNode.class).warn(w));
          // Every node reads agents' batches and live spans, whatever its roles: in a cluster any node may receive one.
          vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
          LiveSpanWriter.registerCodec(vertx);
          return auth.start(vertx).compose(x -> Backends.open(vertx, config, metrics, backend));
        })
        .compose(s -> {
          store = s;
          return Backends.cold(vertx, config, metrics);
        })
        .compose(c -> {
          cold = c;
          return Backends.tenants(vertx, config, metrics, store);
        })
        .compose(tenantStores -> startRoles(tenantStores))
        .map(v -> {
          status = "ready";
          return this;
        })
        .recover(err -> close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<Void> startRoles(TenantStores tenantStores) {
    wiring = new Wiring(vertx, config, metrics, backend, store, clusterNode, launch.adaptive(), launch.tail(), cold,
        tenantStores, liveWatchers);
    deployers = wiring.deployers(launch.agent(), launch.sampling(), launch.jaegerUi(), this::queryRoutes,
        () -> roles().contains(Role.QUERY));
    String host = config.get(Options.HOST);
    if (clusterNode != null) {
      clusterNode.init(deployers, this::health);
    }
    Future<?> admin = vertx.deployVerticle(new AdminVerticle(host, config.getInt(Options.ADMIN_PORT), metrics,
        this::health, r -> {
          if (io.weft.tenant.TenancySettings.from(config).enabled()) {
            AdminVerticle.metricsForOperatorsOnly(r, metrics);
          }
          if (clusterNode != null) {
            new ClusterHttp(clusterNode.state()).mountAdmin(r);
          }
        }));
    if (clusterNode != null) {
      Future<?> bridge = cluster.bridgePort() > 0
          ? Bridges.tcp(vertx, host, cluster.bridgePort(), cluster.bridgeAdmin()) : Future.succeededFuture();
      return Future.join(admin, bridge)
          .compose(v -> wiring.joinCluster(clusterNode))
          .compose(v -> clusterNode.start());
    }
    if (roles.contains(Role.AGENT) && !roles.contains(Role.COLLECTOR) && launch.agent().collectorHost().isEmpty()) {
      LoggerFactory.getLogger(WeftNode.class).warn("agent without a collector: set --agent.collector.host=host:port "
          + "(a collector's OTLP gRPC port); until one answers, spans wait in the agent's buffer");
    }
    List<Future<?>> deployed = new ArrayList<>(List.of(admin));
    for (Role role : roles) {
      if (deployers.containsKey(role)) {
        deployed.add(deployers.get(role).deploy(vertx).onSuccess(ids -> deployments.put(role, ids)));
      }
    }
    // join, not all: on a failure (a port in use) every other start settles before the node closes, so
    // none is cut off half-way (Vert.x would log a stack trace for each).
    return Future.join(deployed).mapEmpty();
  }

  /**
   * Deploys the collector verticles (receivers and the agents' event-bus consumer) on an unclustered
   * node. With {@link #stopCollector()}, lets tests take the collector away while the rest of the node runs.
   */
  public Future<String> startCollector() {
    return deployers.get(Role.COLLECTOR).deploy(vertx).map(ids -> {
      deployments.put(Role.COLLECTOR, ids);
      return ids.get(0);
    });
  }

  public Future<Void> stopCollector() {
    List<String> ids = deployments.remove(Role.COLLECTOR);
    return ids == null ? Future.succeededFuture() : Future.all(ids.stream().map(vertx::undeploy).toList()).mapEmpty();
  }

  /** The query port's extras: the browser's event-bus bridge, and the cluster view for the UI. */
  private void queryRoutes(String tenant, Router router) {
    Bridges.sockJs(vertx, router, io.weft.tenant.TenancySettings.from(config).enabled() ? tenant : null);
    if (clusterNode != null) {
      new ClusterHttp(clusterNode.state()).mountQuery(router, cluster.queryAdmin());
    }
  }

  /** host:port others can reach this node's port at (the bind address unless it is a wildcard). */
  private String advertised(int port) {
    String host = config.get(Options.HOST);
    return (host.equals("0.0.0.0") || host.equals("::") ? cluster.publicHost() : host) + ":" + port;
  }

  /**
   * What {@code /health} answers: status, roles, the topology, the backend ({@code storage}) and where
   * each role running here writes; clustered, also the roles pinned, assigned and running, and the membership.
   */
  public JsonObject health() {
    JsonObject h = new JsonObject()
        .put("status", status)
        .put("roles", new JsonArray(Role.ids(roles)))
        .put("storage", backend)
        .put("upSince", Instant.ofEpochMilli(startedAt).toString())
        .put("uptimeMs", System.currentTimeMillis() - startedAt);
    Wiring w = wiring;
    if (w != null) {
      w.health(h, roles());
    }
    if (clusterNode != null) {
      clusterNode.health(h);
    }
    if (tls != null) {
      // the listeners' engine (tls.engine), and the one the cluster event bus was found running
      JsonObject t = new JsonObject().put("engine", tlsEngine.effective());
      if (busTlsEngine != null) {
        t.put("clusterEngine", busTlsEngine);
      }
      h.put("tls", t);
    }
    return h;
  }

  /**
   * Stops the node. Clustered, it first hands its roles (and in-memory spans) to the members that
   * stay. The agent goes first, while the collectors can still take what it holds; then the other
   * receivers (no new writes), then the store (its client needs a running Vert.x), then Vert.x.
   */
  public Future<Void> close() {
    status = "stopping";
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    Wiring w = wiring;
    Future<Void> left = clusterNode == null || w == null ? Future.succeededFuture() : clusterNode.leave(w::handOff);
    List<String> agent = deployments.remove(Role.AGENT);
    // The chain hangs off a context-free promise: a future bound to a verticle's context could not
    // complete once Vert.x, and that context's event loop, are closed.
    Promise<Void> closed = Promise.promise();
    left.transform(x -> agent == null ? Future.succeededFuture() : Future.join(agent.stream().map(v::undeploy).toList()))
        .onComplete(ignored -> {
          List<Future<?>> undeployed = new ArrayList<>();
          for (String id : v.deploymentIDs()) {
            undeployed.add(v.undeploy(id));
          }
          // The Kafka producer after the receivers, so records already sent get their acknowledgement.
          if (tls != null) {
            tls.stop(v);
          }
          auth.stop(v);
          Future.join(undeployed)
              .eventually(() -> w == null ? Future.succeededFuture() : w.close())
              .eventually(() -> store == null ? Future.succeededFuture() : store.close())
              .eventually(v::close)
              .<Void>mapEmpty()
              .onComplete(closed);
        });
    return closed.future();
  }

  public WeftConfig config() {
    return config;
  }

  /** The roles running here: those launched with, or clustered, those running now. */
  public Set<Role> roles() {
    return clusterNode == null ? roles : clusterNode.running();
  }

  /** The cluster side, or null when not started with --cluster. */
  public ClusterNode cluster() {
    return clusterNode;
  }

  /** This node's Vert.x (null before start): tests reach the event bus through it. */
  public Vertx vertx() {
    return vertx;
  }

  public SpanStore store() {
    return store;
  }

  /** The ingester role's verticle (null without the role): a replay's completion. */
  public IngesterVerticle ingester() {
    return wiring == null ? null : wiring.ingester();
  }
}
