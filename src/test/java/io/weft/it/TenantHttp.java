package io.weft.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP to a test node as one tenant: the tenant header on every request (none when the tenant is null). */
final class TenantHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private TenantHttp() {}

  static HttpResponse<String> get(String header, String tenant, int port, String path)
      throws IOException, InterruptedException {
    return CLIENT.send(request(header, tenant, port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String tenant, int port, String path) throws IOException, InterruptedException {
    return get("x-tenant", tenant, port, path);
  }

  static HttpResponse<String> post(String tenant, int port, String path, String type, byte[] body)
      throws IOException, InterruptedException {
    return CLIENT.send(request("x-tenant", tenant, port, path).header("content-type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET, parsed; fails unless 200. */
  static JsonObject json(String tenant, int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(tenant, port, path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET :" + port + path + " as " + tenant + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  private static HttpRequest.Builder request(String header, String tenant, int port, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(15));
    return tenant == null ? b : b.header(header, tenant);
  }
}
