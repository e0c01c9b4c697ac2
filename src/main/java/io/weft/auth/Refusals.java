package io.weft.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BaseBridgeEvent;
import io.vertx.ext.bridge.BridgeEventType;
import io.weft.net.ListenerGroup;
import java.nio.charset.StandardCharsets;

/**
 * How a refused request is answered, in the caller's own protocol and always with the reason:
 * HTTP 401 (with {@code WWW-Authenticate: Bearer}, RFC 6750), 403 or 503 and a JSON body in the shape
 * the listener's clients read (the query API's error envelope, else {@code {"error": ...}}); gRPC a
 * trailers-only answer with UNAUTHENTICATED (16), PERMISSION_DENIED (7) or UNAVAILABLE (14) and
 * grpc-message; a bridge frame a failed reply (or an error frame) carrying the reason.
 */
final class Refusals {
  private Refusals() {}

  static boolean isGrpc(HttpServerRequest req) {
    String ct = req.getHeader("content-type");
    return ct != null && ct.startsWith("application/grpc");
  }

  /** The frames that ask something of the cluster; socket events, pings and unregistering need no token. */
  static boolean guarded(BridgeEventType t) {
    return t == BridgeEventType.SEND || t == BridgeEventType.PUBLISH || t == BridgeEventType.REGISTER;
  }

  static void http(HttpServerRequest req, ListenerGroup group, AuthException e) {
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    if (isGrpc(req)) {
      int code = switch (e.kind()) {
        case UNAUTHENTICATED -> 16;
        case FORBIDDEN -> 7;
        case UNAVAILABLE -> 14;
      };
      resp.setStatusCode(200).putHeader("content-type", "application/grpc")
          .putHeader("grpc-status", Integer.toString(code)).putHeader("grpc-message", grpcMessage(e.getMessage()))
          .end();
      return;
    }
    int status = switch (e.kind()) {
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case UNAVAILABLE -> 503;
    };
    resp.setStatusCode(status).putHeader("content-type", "application/json");
    if (e.kind() == AuthException.Kind.UNAUTHENTICATED) {
      resp.putHeader("www-authenticate", e.reason().equals("no_token") ? "Bearer realm=\"weft\""
          : "Bearer realm=\"weft\", error=\"invalid_token\", error_description=\"" + quotable(e.getMessage()) + "\"");
    } else if (e.kind() == AuthException.Kind.FORBIDDEN) {
      resp.putHeader("www-authenticate", "Bearer realm=\"weft\", error=\"insufficient_scope\"");
    } else {
      resp.putHeader("retry-after", "10");
    }
    JsonObject body = new JsonObject().put("error", e.getMessage());
    if (group == ListenerGroup.QUERY) { // the classic query API's envelope, which Weft's UI and Jaeger's read
      body.putNull("data").put("total", 0).put("limit", 0).put("offset", 0)
          .put("errors", new io.vertx.core.json.JsonArray().add(new JsonObject().put("code", status)
              .put("msg", e.getMessage())));
    }
    resp.end(body.encode());
  }

  static void bridge(BaseBridgeEvent event, AuthException e) {
    JsonObject raw = event.getRawMessage();
    String reply = raw == null ? null : raw.getString("replyAddress");
    int code = switch (e.kind()) {
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case UNAVAILABLE -> 503;
    };
    String message = e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage();
    JsonObject frame = reply != null
        ? new JsonObject().put("type", "message").put("address", reply).put("failureCode", code)
            .put("failureType", "RECIPIENT_FAILURE").put("message", message)
        : new JsonObject().put("type", "err").put("message", message);
    if (event instanceof io.vertx.ext.eventbus.bridge.tcp.BridgeEvent tcp) {
      Buffer json = frame.toBuffer();
      tcp.socket().write(Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json));
    } else if (event instanceof io.vertx.ext.web.handler.sockjs.BridgeEvent sock) {
      sock.socket().write(frame.encode());
    }
  }

  /** gRPC's percent-encoding of grpc-message: printable ASCII but '%' as is, everything else as %XX of UTF-8. */
  static String grpcMessage(String m) {
    StringBuilder b = new StringBuilder();
    for (byte x : m.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  private static String quotable(String s) {
    return s.replace('"', '\'').replace('\\', '/');
  }
}
