package io.weft.cluster;

import io.weft.async.Futures;
import io.weft.query.eventbus.QueryBusVerticle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.weft.config.ConfigException;
import io.weft.wire.Addresses;
import java.util.function.Function;

/**
 * The cluster's event-bus API, answered by every member: {@code weft.cluster.roles} reads the
 * roles view (as {@code GET /api/admin/roles}); {@code weft.admin.roles} sets counts
 * (body {@code {"collector":3}}) and answers the new view. Bad input fails the request with 400.
 */
final class ClusterBusApi {
  private final Vertx vertx;
  private final ClusterState state;

  ClusterBusApi(Vertx vertx, ClusterState state) {
    this.vertx = vertx;
    this.state = state;
  }

  void register() {
    on(Addresses.CLUSTER_ROLES, body -> state.roles());
    on(Addresses.ADMIN_ROLES, state::setCounts);
  }

  private void on(String address, Function<JsonObject, Future<JsonObject>> handler) {
    vertx.eventBus().<Object>consumer(address, msg -> {
      Future<JsonObject> answer = Futures.attempt(() -> handler.apply(QueryBusVerticle.body(msg)));
      answer.onSuccess(msg::reply).onFailure(err ->
          msg.fail(err instanceof ConfigException || err instanceof IllegalArgumentException
              || err instanceof io.weft.query.BadRequestException ? 400 : 500,
              String.valueOf(err.getMessage())));
    });
  }
}
