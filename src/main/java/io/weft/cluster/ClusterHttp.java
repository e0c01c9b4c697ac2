package io.weft.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.weft.config.ConfigException;

/**
 * The roles API over HTTP. Admin port: {@code GET /api/admin/roles}, {@code PUT /api/admin/roles}
 * (JSON counts) and {@code GET /api/admin/cluster}. Query port (the web UI's Cluster page):
 * {@code GET /api/admin/cluster}, and the PUT only with {@code --query.admin-enabled=true}.
 */
public final class ClusterHttp {
  private final ClusterState state;

  public ClusterHttp(ClusterState state) {
    this.state = state;
  }

  public void mountAdmin(Router router) {
    router.get("/api/admin/roles").handler(ctx -> reply(ctx, state.roles()));
    router.put("/api/admin/roles").handler(BodyHandler.create().setBodyLimit(65536)).handler(this::put);
    router.get("/api/admin/cluster").handler(ctx -> reply(ctx, cluster(true)));
  }

  public void mountQuery(Router router, boolean adminEnabled) {
    router.get("/api/admin/cluster").handler(ctx -> reply(ctx, cluster(adminEnabled)));
    if (adminEnabled) {
      router.put("/api/admin/roles").handler(BodyHandler.create().setBodyLimit(65536)).handler(this::put);
    }
  }

  /** The Cluster page's view: the roles view plus whether it may offer to change counts. */
  private Future<JsonObject> cluster(boolean adminEnabled) {
    return state.roles().map(r -> r.put("adminEnabled", adminEnabled));
  }

  private void put(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      error(ctx, 400, "expected a JSON object of role counts, e.g. {\"collector\":3,\"query\":1}");
      return;
    }
    reply(ctx, state.setCounts(body));
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(j -> ctx.response().putHeader("content-type", "application/json").end(j.encode()))
        .onFailure(err -> error(ctx, err instanceof ConfigException ? 400 : 500, String.valueOf(err.getMessage())));
  }

  private static void error(RoutingContext ctx, int status, String msg) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", msg).encode());
  }
}
