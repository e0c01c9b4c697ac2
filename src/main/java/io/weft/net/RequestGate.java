package io.weft.net;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.bridge.BaseBridgeEvent;

/**
 * The check every request to a listener passes before its handler sees it (authentication and
 * authorization, io.weft.auth): {@link HttpListeners} wraps every HTTP and gRPC handler with
 * {@link #http}, and the two event-bus bridges hand each frame to {@link #bridge}. {@link #OPEN} lets
 * everything through.
 */
public interface RequestGate {
  RequestGate OPEN = new RequestGate() {
    @Override
    public Handler<HttpServerRequest> http(ListenerGroup group, Handler<HttpServerRequest> next) {
      return next;
    }

    @Override
    public void bridge(ListenerGroup group, BaseBridgeEvent event) {
      event.complete(true);
    }
  };

  /** {@code next} behind the gate of {@code group}'s listeners. */
  Handler<HttpServerRequest> http(ListenerGroup group, Handler<HttpServerRequest> next);

  /** Decides one bridge event: completes it with true (let through) or false (refused). */
  void bridge(ListenerGroup group, BaseBridgeEvent event);
}
