package io.weft.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;

/** The TCP event-bus bridge's listener, through the node's {@link NetPolicy} like {@link HttpListeners}. */
public final class TcpListeners {
  private TcpListeners() {}

  public static Future<TcpEventBusBridge> bridge(Vertx vertx, BridgeOptions bridge, String host, int port) {
    NetPolicy policy = NetPolicy.of(vertx);
    NetServerOptions o = policy.net(ListenerGroup.BRIDGE, new NetServerOptions().setHost(host).setPort(port));
    ConnectionGuard guard = policy.guard(vertx, ListenerGroup.BRIDGE, port);
    return TcpEventBusBridge.create(vertx, bridge, o, e -> guard.onBridgeEvent(e, policy.gate())).listen(port, host)
        .recover(err -> Future.failedFuture(new ListenException("the TCP event-bus bridge", host, port, err)));
  }
}
