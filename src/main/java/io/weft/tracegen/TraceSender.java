package io.weft.tracegen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Sends one request body over the chosen protocol and says how the collector answered. */
interface TraceSender {

  /** rejected: spans the collector refused in a partial success; retry: the answer was retryable. */
  record Outcome(boolean ok, int rejected, boolean retry, String error) {}

  Future<Outcome> send(byte[] body);

  Future<Void> close();

  /** {@code o} over TLS trusting --tls-ca, when given. */
  static HttpClientOptions tls(HttpClientOptions o, TraceGenSettings s) {
    return s.tlsCa().isEmpty() ? o : o.setSsl(true).setUseAlpn(true)
        .setSslEngineOptions(io.weft.net.TlsEngine.parse("--tls-engine", s.tlsEngine()).options())
        .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(s.tlsCa()));
  }

  static TraceSender create(Vertx vertx, TraceGenSettings s) {
    return switch (s.protocol()) {
      case "otlp-grpc" -> new Grpc(vertx, s);
      case "otlp-http" -> new Http(vertx, s, "/v1/traces", "application/x-protobuf");
      case "zipkin-json" -> new Http(vertx, s, "/api/v2/spans", "application/json");
      case "jaeger-udp" -> new Udp(vertx, s);
      default -> throw new IllegalArgumentException("unknown protocol " + s.protocol());
    };
  }

  final class Grpc implements TraceSender {
    private static final ServiceMethod<ExportTraceServiceResponse, Buffer> EXPORT = ServiceMethod.client(
        ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"), "Export",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.decoder(ExportTraceServiceResponse.newBuilder()));
    private final GrpcClient client;
    private final SocketAddress address;
    private final String authorization;

    Grpc(Vertx vertx, TraceGenSettings s) {
      client = s.tlsCa().isEmpty() ? GrpcClient.client(vertx) : GrpcClient.client(vertx, tls(new HttpClientOptions()
          .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2), s));
      address = SocketAddress.inetSocketAddress(s.port(), s.host());
      authorization = s.token().isEmpty() ? null : "Bearer " + s.token();
    }

    @Override
    public Future<Outcome> send(byte[] body) {
      return client.request(address, EXPORT).compose(req -> {
        if (authorization != null) {
          req.headers().set("authorization", authorization);
        }
        req.end(Buffer.buffer(body));
        return req.response().compose(resp -> resp.last().transform(ar -> {
          GrpcStatus st = resp.status();
          if (ar.succeeded() && (st == null || st == GrpcStatus.OK)) {
            return Future.succeededFuture(new Outcome(true, (int) ar.result().getPartialSuccess().getRejectedSpans(),
                false, null));
          }
          boolean retry = st == GrpcStatus.UNAVAILABLE || st == GrpcStatus.RESOURCE_EXHAUSTED;
          return Future.succeededFuture(new Outcome(false, 0, retry, st + " " + resp.statusMessage()));
        }));
      }).recover(err -> Future.succeededFuture(new Outcome(false, 0, true, err.toString())));
    }

    @Override
    public Future<Void> close() {
      return client.close();
    }
  }

  /**
   * Jaeger agent datagrams, through a non-blocking connected channel: a send either goes out at once
   * or (send buffer full) is reported for a retry, so the event loop never waits and no name is
   * resolved per datagram. UDP has no answer: "ok" means the datagram left; loss is for the agent to
   * count.
   */
  final class Udp implements TraceSender {
    private final DatagramChannel channel;

    Udp(Vertx vertx, TraceGenSettings s) {
      try {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.configureBlocking(false);
        channel.connect(new InetSocketAddress(s.host(), s.port()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a UDP socket to " + s.endpoint(), e);
      }
    }

    @Override
    public Future<Outcome> send(byte[] body) {
      try {
        return Future.succeededFuture(channel.write(ByteBuffer.wrap(body)) > 0
            ? new Outcome(true, 0, false, null) : new Outcome(false, 0, true, "UDP send buffer full"));
      } catch (IOException e) {
        // e.g. ECONNREFUSED reported from an earlier datagram (ICMP port unreachable): nobody listens
        return Future.succeededFuture(new Outcome(false, 0, true, e.toString()));
      }
    }

    @Override
    public Future<Void> close() {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
      return Future.succeededFuture();
    }
  }

  final class Http implements TraceSender {
    private final HttpClient client;
    private final RequestOptions options;

    Http(Vertx vertx, TraceGenSettings s, String path, String contentType) {
      client = vertx.createHttpClient(tls(new HttpClientOptions().setKeepAlive(true), s),
          new PoolOptions().setHttp1MaxSize(s.concurrency()));
      options = new RequestOptions().setMethod(HttpMethod.POST).setHost(s.host()).setPort(s.port()).setURI(path)
          .putHeader("content-type", contentType).setIdleTimeout(30_000); // a hung server fails the request
      if (!s.token().isEmpty()) {
        options.putHeader("authorization", "Bearer " + s.token());
      }
    }

    @Override
    public Future<Outcome> send(byte[] body) {
      // The body's handler is set as the response arrives (nested): set later, a body already come is lost.
      return client.request(options)
          .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> resp.body().map(b -> {
            int code = resp.statusCode();
            if (code / 100 == 2) {
              return new Outcome(true, 0, false, null);
            }
            return new Outcome(false, 0, code == 503 || code == 429, code + " " + b.toString());
          })))
          .recover(err -> Future.succeededFuture(new Outcome(false, 0, true, err.toString())));
    }

    @Override
    public Future<Void> close() {
      return client.close();
    }
  }
}
