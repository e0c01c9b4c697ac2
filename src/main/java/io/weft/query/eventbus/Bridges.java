package io.weft.query.eventbus;

import io.weft.wire.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.weft.net.ListenerGroup;
import io.weft.net.NetPolicy;
import io.weft.net.RequestGate;
import io.weft.net.TcpListeners;

/**
 * The event bus for clients outside the cluster, behind an allow-list: the TCP bridge (4-byte length +
 * JSON frames, any language) and SockJS on the query port (browsers). Open by default: the
 * {@code weft.query.*} and {@code weft.cluster.*} requests and the {@code weft.spans.live*}
 * subscriptions. {@code weft.admin.*} only when enabled. Everything between nodes stays closed.
 */
public final class Bridges {
  private Bridges() {}

  static <T extends BridgeOptions> T permit(T options, boolean admin) {
    options.addInboundPermitted(new PermittedOptions().setAddressRegex(Addresses.READ_ONLY_INBOUND));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.LIVE_OUTBOUND));
    if (admin) {
      options.addInboundPermitted(new PermittedOptions().setAddressRegex(Addresses.ADMIN_INBOUND));
    }
    return options;
  }

  /** Starts the TCP bridge; port 0 picks a free one (tests), a negative port is not accepted here. */
  public static Future<TcpEventBusBridge> tcp(Vertx vertx, String host, int port, boolean admin) {
    return TcpListeners.bridge(vertx, permit(new BridgeOptions(), admin), host, port);
  }

  /** Mounts the browser bridge at {@code /eventbus} (SockJS, and plain WebSocket at /eventbus/websocket). Read-only. */
  public static void sockJs(Vertx vertx, Router router) {
    sockJs(vertx, router, null);
  }

  /**
   * The browser bridge of one tenant's router (null: no tenancy): the connection's tenant, resolved
   * from its HTTP request, is written into the {@code tenant} header of every query it sends (whatever
   * the browser put there), and it may watch that tenant's live spans only.
   */
  public static void sockJs(Vertx vertx, Router router, String tenant) {
    RequestGate gate = NetPolicy.of(vertx).gate();
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(permit(new SockJSBridgeOptions(), false),
        e -> {
          if (tenant != null && !pinned(e, tenant)) {
            e.complete(false);
          } else {
            gate.bridge(ListenerGroup.QUERY, e);
          }
        }));
  }

  /** Whether a bridge event of a tenant's connection may pass; a send or publish gets the tenant's header. */
  static boolean pinned(BridgeEvent event, String tenant) {
    JsonObject raw = event.getRawMessage();
    if (raw == null) {
      return true;
    }
    String address = raw.getString("address", "");
    switch (event.type()) {
      case SEND, PUBLISH -> {
        JsonObject headers = raw.getJsonObject("headers", new JsonObject()).copy();
        headers.put(Addresses.TENANT_HEADER, tenant);
        event.setRawMessage(raw.copy().put("headers", headers));
        return true;
      }
      case REGISTER -> {
        return Addresses.openTo(address, tenant);
      }
      default -> {
        return true;
      }
    }
  }
}
