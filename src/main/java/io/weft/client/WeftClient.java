package io.weft.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.cluster.ClusterBoot;
import io.weft.cluster.ClusterSecret;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.net.ListenerGroup;
import io.weft.net.TlsFiles;
import io.weft.net.TlsSettings;
import io.weft.codec.JaegerUiJson;
import io.weft.wire.Addresses;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.model.Span;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Weft's event-bus API for in-house Java tools: read traces, search, watch live spans and read or set
 * role counts, from inside the cluster. {@link #join} makes the tool a Hazelcast lite member (it holds
 * no cluster data and is never given a role); {@link #on} uses a clustered Vert.x the tool already has.
 * Every call is a request to one of the cluster's query nodes (or any node, for roles) and fails with
 * the node's {@code ReplyException} (400 bad request, 404 no such trace) or a timeout.
 *
 * <pre>{@code
 * WeftClient weft = WeftClient.join("cluster.xml", "127.0.0.1").await();
 * List<String> services = weft.services().await();
 * weft.live("frontend", spans -> System.out.println(spans.size() + " new spans"));
 * weft.setRoles(Map.of("collector", 3)).await();
 * }</pre>
 */
public final class WeftClient {
  private final Vertx vertx;
  private final boolean owned;
  private final DeliveryOptions options;

  private WeftClient(Vertx vertx, boolean owned, long timeoutMs) {
    this.vertx = vertx;
    this.owned = owned;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
    LiveSpanWriter.registerCodec(vertx);
  }

  /** Joins the cluster described by the Hazelcast XML (empty: ./cluster.xml, else the jar's) with its event bus on {@code host}. */
  public static Future<WeftClient> join(String clusterConfig, String host) {
    try {
      return ClusterBoot.startClient(clusterConfig, host).map(j -> new WeftClient(j.vertx(), true, 30_000));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Joins as the settings say: {@code cluster.config}, {@code cluster.host}, and for a cluster that has
   * them, {@code cluster.secret} and TLS on the event bus ({@code tls.*} with the cluster group).
   */
  public static Future<WeftClient> join(WeftConfig config) {
    try {
      TlsSettings tls = TlsSettings.from(config);
      return ClusterBoot.startClient(config.get(Options.CLUSTER_CONFIG), config.get(Options.CLUSTER_HOST),
              ClusterSecret.of(config.get(Options.CLUSTER_SECRET)), tls.on(ListenerGroup.CLUSTER) ? new TlsFiles(tls) : null)
          .map(j -> new WeftClient(j.vertx(), true, 30_000));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** On a clustered Vert.x of the tool's own (closing the client leaves it running). */
  public static WeftClient on(Vertx vertx) {
    return new WeftClient(vertx, false, 30_000);
  }

  public Future<List<String>> services() {
    return request(Addresses.QUERY_SERVICES, new JsonObject()).map(env -> {
      List<String> out = new ArrayList<>();
      env.getJsonArray("data").forEach(s -> out.add((String) s));
      return out;
    });
  }

  /** {@code spanKind} null for any kind. */
  public Future<List<Operation>> operations(String service, String spanKind) {
    return request(Addresses.QUERY_OPERATIONS, new JsonObject().put("service", service).put("spanKind", spanKind))
        .map(env -> {
          List<Operation> out = new ArrayList<>();
          env.getJsonArray("data").forEach(o -> out.add(new Operation(((JsonObject) o).getString("name"),
              ((JsonObject) o).getString("spanKind"))));
          return out;
        });
  }

  /** The trace's spans as the query API shows them (assembled, clock skew adjusted); fails with 404 when absent. */
  public Future<List<Span>> trace(String traceId) {
    return request(Addresses.QUERY_TRACE, new JsonObject().put("traceID", traceId)).map(WeftClient::spans);
  }

  /** The parameters of {@code GET /api/traces}, e.g. {@code {"service":"frontend","lookback":"1h","tags":{"error":"true"}}}. */
  public Future<List<List<Span>>> search(JsonObject params) {
    return request(Addresses.QUERY_SEARCH, params).map(env -> {
      List<List<Span>> out = new ArrayList<>();
      env.getJsonArray("data").forEach(t -> out.add(JaegerUiJson.read(((JsonObject) t).toBuffer().getBytes())));
      return out;
    });
  }

  public Future<List<DependencyLink>> dependencies(long endTsMs, long lookbackMs) {
    return request(Addresses.QUERY_DEPENDENCIES, new JsonObject().put("endTs", endTsMs).put("lookback", lookbackMs))
        .map(env -> {
          List<DependencyLink> out = new ArrayList<>();
          env.getJsonArray("data").forEach(o -> out.add(new DependencyLink(((JsonObject) o).getString("parent"),
              ((JsonObject) o).getString("child"), ((JsonObject) o).getLong("callCount"))));
          return out;
        });
  }

  /**
   * Spans as collectors store them, of one service (null: all), in batches. Unregister the returned
   * consumer to stop. The handler runs on a Vert.x event loop: do not block it.
   */
  public MessageConsumer<JsonObject> live(String service, Consumer<List<Span>> handler) {
    String address = service == null ? Addresses.LIVE : Addresses.live(service);
    return vertx.eventBus().consumer(address, msg -> handler.accept(spans(msg.body())));
  }

  /** Members, their roles (pinned, assigned, running) and the desired counts: as {@code GET /api/admin/roles}. */
  public Future<JsonObject> roles() {
    return request(Addresses.CLUSTER_ROLES, new JsonObject());
  }

  /** Sets role counts for the whole cluster (other roles keep theirs); answers the new view. */
  public Future<JsonObject> setRoles(Map<String, Integer> counts) {
    JsonObject body = new JsonObject(new LinkedHashMap<>(counts));
    return request(Addresses.ADMIN_ROLES, body);
  }

  /** Leaves the cluster when this client joined it. */
  public Future<Void> close() {
    return owned ? vertx.close() : Future.succeededFuture();
  }

  public Vertx vertx() {
    return vertx;
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(m -> m.body());
  }

  private static List<Span> spans(JsonObject envelope) {
    JsonArray data = envelope.getJsonArray("data");
    return data == null || data.isEmpty() ? List.of() : JaegerUiJson.read(envelope.toBuffer().getBytes());
  }
}
