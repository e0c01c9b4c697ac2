package io.weft.role;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How a role starts on a node: deploys the role's verticles and answers their deployment ids;
 * undeploying them stops the role (their {@code stop} flushes what they hold). Roles plug in as
 * {@link Role} → deployer entries (built in the composition root's wiring table), so the cluster code
 * starts and stops roles without knowing what they are.
 */
@FunctionalInterface
public interface RoleDeployer {
  Future<List<String>> deploy(Vertx vertx);

  /** Deploys the verticles in order; if one fails, those already deployed are undeployed again. */
  @SafeVarargs
  static RoleDeployer of(Function<Vertx, Future<String>>... steps) {
    return vertx -> next(vertx, List.of(steps), 0, new ArrayList<>());
  }

  private static Future<List<String>> next(Vertx vertx, List<Function<Vertx, Future<String>>> steps, int i,
      List<String> done) {
    if (i == steps.size()) {
      return Future.succeededFuture(List.copyOf(done));
    }
    return steps.get(i).apply(vertx).compose(id -> {
      done.add(id);
      return next(vertx, steps, i + 1, done);
    }, err -> Future.join(done.stream().map(vertx::undeploy).toList())
        .transform(x -> Future.failedFuture(err)));
  }
}
