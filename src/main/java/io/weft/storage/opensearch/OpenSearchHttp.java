package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.weft.storage.StorageUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON over HTTP to OpenSearch or Elasticsearch with Vert.x's own client: nothing blocks, and one
 * code path serves both servers (their REST APIs agree on everything Weft uses). Requests go round
 * the configured URLs; a request that cannot reach one node is tried on the next. When none answers
 * the request fails with {@link StorageUnavailableException}; an HTTP error status comes back as an
 * {@link OpenSearchException} saying whether trying again may help.
 */
public final class OpenSearchHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A response whatever its status; {@link #json} parses the body. */
  public record Response(int status, Buffer body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body.getBytes());
      } catch (IOException e) {
        throw new OpenSearchException(status, "unparsable_response", "not JSON: " + e.getMessage());
      }
    }
  }

  private final HttpClientAgent client;
  private final Vertx vertx;
  private final List<URI> urls;
  private final String authorization;
  private final long timeoutMs;
  private final AtomicInteger next = new AtomicInteger();

  public OpenSearchHttp(Vertx vertx, OpenSearchSettings s) {
    this.vertx = vertx;
    this.urls = s.urls();
    this.timeoutMs = s.requestTimeoutMs();
    this.authorization = !s.apiKey().isEmpty() ? "ApiKey " + s.apiKey()
        : !s.username().isEmpty() ? "Basic " + Base64.getEncoder().encodeToString(
            (s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8))
        : null;
    HttpClientOptions o = new HttpClientOptions()
        .setKeepAlive(true)
        .setDecompressionSupported(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.min(timeoutMs, 5000)));
    if (urls.stream().anyMatch(u -> u.getScheme().equals("https"))) {
      if (s.tlsSkipVerify()) {
        o.setTrustAll(true).setVerifyHost(false);
      } else if (!s.tlsCa().isEmpty()) {
        o.setTrustOptions(new PemTrustOptions().addCertPath(s.tlsCa()));
      }
      if (!s.tlsCert().isEmpty()) {
        o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(s.tlsCert()).setKeyPath(s.tlsKey()));
      }
    }
    // Bulk requests plus reads: a few more connections per node than bulk requests in flight.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(s.bulkConcurrency() + 8);
    this.client = vertx.httpClientBuilder().with(o).with(pool).build();
  }

  /** A JSON request whose answer must be 2xx; its body parsed. */
  public Future<JsonNode> json(HttpMethod method, String path, JsonObject body) {
    return send(method, path, body == null ? null : body.toBuffer(), "application/json").map(r -> {
      if (!r.ok()) {
        throw OpenSearchException.of(r.status(), r.json(), method + " " + path);
      }
      return r.json();
    });
  }

  /**
   * Sends a request to the next URL, trying the others in turn if it cannot be reached. Any HTTP
   * status comes back as a response; only a request no node answered fails.
   */
  public Future<Response> send(HttpMethod method, String path, Buffer body, String contentType) {
    int first = Math.floorMod(next.getAndIncrement(), urls.size());
    return attempt(method, path, body, contentType, first, 0, false);
  }

  private Future<Response> attempt(HttpMethod method, String path, Buffer body, String contentType, int index,
      int tried, boolean timedOutBefore) {
    URI url = urls.get((index + tried) % urls.size());
    boolean tls = url.getScheme().equals("https");
    RequestOptions ro = new RequestOptions()
        .setMethod(method)
        .setHost(url.getHost())
        .setPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
        .setSsl(tls)
        .setURI((url.getRawPath() == null ? "" : url.getRawPath()) + path)
        .setTimeout(timeoutMs);
    if (body != null) {
      ro.putHeader("Content-Type", contentType);
    }
    if (authorization != null) {
      ro.putHeader("Authorization", authorization);
    }
    return bounded(client.request(ro).compose(req -> exchange(req, body)))
        .recover(err -> {
          if (tried + 1 < urls.size()) {
            return attempt(method, path, body, contentType, index, tried + 1, timedOutBefore);
          }
          // A request left unanswered is sent once more, on another connection from the pool.
          // Every request Weft sends is idempotent (searches, and bulk writes by document id).
          if (!timedOutBefore && err instanceof TimeoutException) {
            return attempt(method, path, body, contentType, index, tried, true);
          }
          return Future.failedFuture(new StorageUnavailableException(
              (urls.size() == 1 ? "OpenSearch at " + url : "no OpenSearch node of " + urls) + " answered "
                  + method + " " + shorten(path) + ": " + err.getMessage(), err));
        });
  }

  /**
   * Sends the request and reads its response's body, the body's handler set in the very callback that
   * receives the response. Vert.x drops a body that arrives before its handler is set, and the request's
   * timeout stops once the headers came: a chain continued outside this callback (from a caller's thread
   * outside Vert.x, slower than a quick server) lost the body and never completed.
   */
  private static Future<Response> exchange(HttpClientRequest req, Buffer body) {
    Future<HttpClientResponse> sent = body == null ? req.send() : req.send(body);
    return sent.compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), b)));
  }

  /**
   * The request's timeout bounds the wait for the response's headers only (waiting for a pooled
   * connection included); this bounds the whole exchange, a body that stops coming half-way included.
   * Past it the request fails as timed out, and is sent once more like any unanswered request.
   */
  private Future<Response> bounded(Future<Response> exchange) {
    Promise<Response> out = Promise.promise();
    long timer = vertx.setTimer(timeoutMs + 2000, t -> out.tryFail(new TimeoutException(
        "no answer within " + (timeoutMs + 2000) + " ms, waiting for a connection included")));
    exchange.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        out.tryComplete(ar.result());
      } else {
        out.tryFail(ar.cause());
      }
    });
    return out.future();
  }

  private static String shorten(String path) {
    return path.length() > 120 ? path.substring(0, 120) + "..." : path;
  }

  public Future<Void> close() {
    return client.close();
  }
}
