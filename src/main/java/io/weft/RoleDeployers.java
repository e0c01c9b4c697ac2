package io.weft;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.weft.agent.AgentSettings;
import io.weft.agent.AgentVerticle;
import io.weft.collector.CollectorSettings;
import io.weft.collector.CollectorVerticle;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.ingester.IngesterVerticle;
import io.weft.kafka.KafkaSettings;
import io.weft.metrics.WeftMetrics;
import io.weft.query.QueryOptions;
import io.weft.query.eventbus.QueryBusVerticle;
import io.weft.query.grpc.QueryGrpcVerticle;
import io.weft.query.http.JaegerUiSettings;
import io.weft.query.http.QueryVerticle;
import io.weft.query.zipkin.ZipkinApi;
import io.weft.query.zipkin.ZipkinSettings;
import io.weft.role.RoleDeployer;
import io.weft.sampling.SamplingSettings;
import io.weft.sampling.SamplingVerticle;
import io.weft.sampling.adaptive.AdaptiveSampling;
import io.weft.sampling.tail.TailSampling;
import io.weft.storage.SpanReader;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.cold.CompactorVerticle;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How each role starts on this node, for {@link Wiring#deployers}: its verticles, each over the rows of
 * the wiring table (a request of a tenant reaches that tenant's {@link TenantParts} only).
 */
final class RoleDeployers {
  /** A cold tier and what its compactor hands off to it: what the query reads below the tiers. */
  record ColdTier(SpanReader hot, ColdStore cold) {}

  private final WeftConfig config;
  private final WeftMetrics metrics;
  private final TenantResolver tenants;
  private final PerTenant<TenantParts> parts;

  RoleDeployers(WeftConfig config, WeftMetrics metrics, TenantResolver tenants, PerTenant<TenantParts> parts) {
    this.config = config;
    this.metrics = metrics;
    this.tenants = tenants;
    this.parts = parts;
  }

  /** The agent and its sampling endpoint (adaptive sampling's strategies when it runs). */
  RoleDeployer agent(AgentSettings agent, SamplingSettings sampling, AdaptiveSampling adaptive) {
    return RoleDeployer.of(v -> v.deployVerticle(new AgentVerticle(agent, metrics)),
        v -> v.deployVerticle(new SamplingVerticle(sampling, metrics, adaptive == null ? null : adaptive.strategies(),
            tenants, agent.tenant())));
  }

  /**
   * Collectors, an instance per core unless set, over the node's pipeline; adaptive sampling's engine
   * (throughput flushes, the leader's calculation) runs with them. Zipkin's query API is also on the
   * Zipkin port beside its receiver, while the query role runs here.
   */
  RoleDeployer collector(CollectorPipeline pipeline, AdaptiveSampling adaptive, BooleanSupplier queryRunsHere) {
    Function<Vertx, Future<String>> collectors = v -> pipeline.processor().compose(p -> {
      CollectorSettings cs = CollectorSettings.from(config);
      int n = config.getInt(Options.COLLECTOR_INSTANCES);
      int instances = n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
      return v.deployVerticle(() -> new CollectorVerticle(cs, p, metrics,
              (t, r) -> parts.of(t).zipkin().mountOnZipkinPort(r, queryRunsHere), tenants),
          new DeploymentOptions().setInstances(instances));
    });
    return adaptive == null ? RoleDeployer.of(collectors)
        : RoleDeployer.of(v -> v.deployVerticle(adaptive.newEngine()), collectors);
  }

  /**
   * The ingester, writing each tenant's spans to its store chain (deciding tail sampling when it runs),
   * and the span metrics topic's consumer unless {@code metricsIngester} is null; {@code deployed} learns
   * of each ingester made.
   */
  RoleDeployer ingester(TailSampling tail, Function<Vertx, Future<String>> metricsIngester,
      Consumer<IngesterVerticle> deployed) {
    Function<Vertx, Future<String>> ingester = v -> {
      IngesterVerticle i = new IngesterVerticle(IngesterSettings.from(config), KafkaSettings.from(config),
          new PerTenant<>(t -> parts.of(t).storeWriter()), tenants, metrics, tail == null ? null : tail.sampler());
      deployed.accept(i);
      return v.deployVerticle(i);
    };
    return metricsIngester == null ? RoleDeployer.of(ingester) : RoleDeployer.of(ingester, metricsIngester);
  }

  /** A compactor per cold tier, handing its hot spans off to its blocks. */
  RoleDeployer compactor(List<ColdTier> tiers) {
    List<Function<Vertx, Future<String>>> compactors = new ArrayList<>();
    for (ColdTier tier : tiers) {
      compactors.add(v -> v.deployVerticle(new CompactorVerticle(tier.cold().compactorWork(tier.hot(), metrics))));
    }
    return RoleDeployer.of(compactors.toArray(Function[]::new));
  }

  /**
   * The query APIs over each tenant's reads: HTTP (Jaeger's API and UI, with {@code queryRoutes}, Zipkin's
   * API and span metrics' endpoints), the event bus and gRPC.
   */
  RoleDeployer query(QueryOptions qo, JaegerUiSettings jaegerUi, BiConsumer<String, Router> queryRoutes,
      boolean spanMetrics, TenancySettings tenancy) {
    Function<String, QueryVerticle.TenantReads> reads = t -> {
      TenantParts tp = parts.of(t);
      return new QueryVerticle.TenantReads(tp.reader(), tp.archiver(),
          ((Consumer<Router>) r -> queryRoutes.accept(t, r)).andThen(tp.zipkin()::mountOnQueryPort)
              .andThen(tp.spanMetrics()::mountQuery));
    };
    return RoleDeployer.of(
        v -> v.deployVerticle(new QueryVerticle(reads, tenants, qo, jaegerUi, spanMetrics,
            !tenancy.enabled() ? null : r -> ZipkinApi.mountLensFiles(r, ZipkinSettings.from(config), tenancy.header()))),
        v -> v.deployVerticle(new QueryBusVerticle(t -> parts.of(t).queries(), tenants,
            qo.searchLimits().defaultLimit())),
        v -> v.deployVerticle(new QueryGrpcVerticle(t -> parts.of(t).queries(), t -> parts.of(t).archiver()::archive,
            tenants, config.get(Options.HOST), config.getInt(Options.QUERY_GRPC_PORT), metrics)));
  }
}
