package io.weft.query.grpc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Iterator;

/**
 * Writes a server stream's messages as the client takes them: the next message is produced only while
 * the response's write queue has room (HTTP/2 flow control), so a slow reader holds back the encoding
 * instead of letting encoded chunks pile up in memory. A client that cancels stops the stream.
 */
final class StreamReply<M> {
  private final GrpcServerResponse<?, M> response;
  private final Iterator<M> messages;
  private final Promise<Integer> done = Promise.promise();
  private boolean stopped;
  private int sent;
  private Future<Void> lastWrite = Future.succeededFuture();

  private StreamReply(GrpcServerRequest<?, M> request, Iterator<M> messages) {
    this.response = request.response();
    this.messages = messages;
    request.exceptionHandler(err -> stop(err));
    response.exceptionHandler(err -> stop(err));
  }

  /** Streams every message, then ends with OK; the future tells how many were sent, or why it stopped. */
  static <M> Future<Integer> send(GrpcServerRequest<?, M> request, Iterator<M> messages) {
    StreamReply<M> reply = new StreamReply<>(request, messages);
    reply.pump();
    return reply.done.future();
  }

  private void pump() {
    while (!stopped) {
      if (!messages.hasNext()) {
        stopped = true;
        response.drainHandler(null);
        // The trailers follow once the last message is out: ended with writes still queued, a client's
        // cancel would leave Vert.x disposing of queued trailers (harmless, but logged as an error).
        lastWrite.compose(v -> response.end()).onComplete(v -> done.tryComplete(sent), done::tryFail);
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(v -> pump());
        return;
      }
      M next;
      try {
        next = messages.next();
      } catch (RuntimeException e) {
        stopped = true;
        response.status(io.vertx.grpc.common.GrpcStatus.INTERNAL).statusMessage("cannot encode the answer: " + e)
            .end();
        done.tryFail(e);
        return;
      }
      sent++;
      lastWrite = response.write(next).onFailure(this::stop);
    }
  }

  private void stop(Throwable err) {
    if (!stopped) {
      stopped = true;
      response.drainHandler(null);
      done.tryFail(err);
    }
  }
}
