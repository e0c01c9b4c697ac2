package io.weft.query.grpc;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One gRPC call made with a real client, answering the status, its message and every message received. */
public final class GrpcProbe {
  public record Reply<M>(GrpcStatus status, String message, List<M> messages) {
    public M single() {
      if (status != GrpcStatus.OK || messages.size() != 1) {
        throw new AssertionError("expected one message and OK, got " + status + " \"" + message + "\" with "
            + messages.size() + " messages");
      }
      return messages.get(0);
    }
  }

  private GrpcProbe() {}

  public static <Req, Resp> Reply<Resp> call(GrpcClient client, SocketAddress server, ServiceMethod<Resp, Req> method,
      Req request) throws Exception {
    List<Resp> received = new ArrayList<>();
    // The response's handlers are set as soon as its headers arrive, not after the request's end is
    // written: a fast server's messages could otherwise be delivered (and lost) in between.
    return client.request(server, method)
        .compose(req -> {
          Future<Reply<Resp>> reply = req.response().compose(resp -> {
            resp.handler(received::add);
            return resp.end().transform(ar -> Future.succeededFuture(
                new Reply<>(resp.status(), resp.statusMessage(), List.copyOf(received))));
          });
          req.end(request);
          return reply;
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
