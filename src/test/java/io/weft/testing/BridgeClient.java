package io.weft.testing;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A TCP event-bus bridge client written by hand, as another language would: each frame is a 4-byte
 * big-endian length and a JSON object {@code {type, address, replyAddress, body}}.
 */
public final class BridgeClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  public BridgeClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(15_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  public void send(String address, String replyAddress, JsonObject body) throws IOException {
    write(new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress).put("body", body));
  }

  /** A send with frame headers (e.g. {@code authorization: Bearer ...}). */
  public void send(String address, String replyAddress, JsonObject body, JsonObject headers) throws IOException {
    write(new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress).put("body", body)
        .put("headers", headers));
  }

  public void register(String address) throws IOException {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  /** A registration with frame headers (e.g. {@code authorization: Bearer ...}). */
  public void register(String address, JsonObject headers) throws IOException {
    write(new JsonObject().put("type", "register").put("address", address).put("headers", headers));
  }

  private void write(JsonObject frame) throws IOException {
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
  }

  /** The next frame matching {@code which}, skipping others (fails after the socket timeout). */
  public JsonObject next(Predicate<JsonObject> which) throws IOException {
    while (true) {
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      JsonObject frame = new JsonObject(new String(json, StandardCharsets.UTF_8));
      if (which.test(frame)) {
        return frame;
      }
    }
  }

  /** Like {@link #next}, but null when no matching frame comes within {@code ms}. */
  public JsonObject poll(int ms, Predicate<JsonObject> which) throws IOException {
    socket.setSoTimeout(ms);
    try {
      return next(which);
    } catch (java.net.SocketTimeoutException e) {
      return null;
    } finally {
      socket.setSoTimeout(15_000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
