package io.weft.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP to servers of a test on 127.0.0.1: requests, the query API's JSON, a port that answers. */
public final class Http {
  /** HTTP/1.1: the JDK client's h2c upgrade misreads large answers (a JDK issue; curl and raw frames are fine). */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return CLIENT.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> post(int port, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send("POST", port, path, contentType, body);
  }

  public static HttpResponse<String> send(String method, int port, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return CLIENT.send(request(port, path).header("content-type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(15));
  }

  /** GET, parsed; fails the test unless the status is 200. */
  public static JsonObject json(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(port, path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET :" + port + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  /**
   * The trace's JSON from the Jaeger query API on {@code queryPort} once it has at least {@code spans}
   * spans, else null (not there yet, or the server does not answer): a probe for {@link Wait#forValue}.
   */
  public static JsonObject traceWith(int queryPort, String traceId, int spans) {
    try {
      HttpResponse<String> r = get(queryPort, "/api/traces/" + traceId);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonObject t = new JsonObject(r.body()).getJsonArray("data").getJsonObject(0);
      return t.getJsonArray("spans").size() >= spans ? t : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  /** Whether something accepts TCP connections on the port now. */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
