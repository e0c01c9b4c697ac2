package io.weft.collector;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.CodecException;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.tenant.RateLimitedException;
import java.util.List;

/**
 * The part every HTTP receiver shares: decode the body, run the pipeline, and map the outcome to
 * a status: 400 undecodable, 503 (retryable) when the queue is full or storage failed, 429 (with
 * Retry-After) when the tenant is over its ingest limit.
 */
final class HttpIngest {
  private final SpanProcessor processor;
  private final WeftMetrics metrics;
  private final String tenant;

  /** Writes as {@code tenant}: the port resolved it before the request reached this receiver. */
  HttpIngest(SpanProcessor processor, WeftMetrics metrics, String tenant) {
    this.processor = processor;
    this.metrics = metrics;
    this.tenant = tenant;
  }

  /** Decodes and processes; a failed future carries an {@link IngestError} with the HTTP status to send. */
  Future<SpanProcessor.Result> ingest(RoutingContext ctx, String receiver, String format, SpanDecoder decoder) {
    List<Span> spans;
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    try {
      spans = decoder.decode(body);
    } catch (CodecException | IllegalArgumentException e) {
      metrics.requestRejected(receiver, "undecodable");
      return Future.failedFuture(new IngestError(400, "cannot decode " + format + " body: " + e.getMessage()));
    }
    String peer = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    return processor.process(tenant, body.length, spans, receiver, format, peer).recover(err -> {
      if (err instanceof RateLimitedException rl) {
        return Future.failedFuture(new IngestError(429, err.getMessage(), rl.retryAfterSeconds()));
      }
      if (err instanceof SpanProcessor.QueueFullException) {
        return Future.failedFuture(new IngestError(503, err.getMessage()));
      }
      metrics.requestRejected(receiver, "storage-error");
      return Future.failedFuture(new IngestError(503, "storage write failed: " + err.getMessage() + "; retry later"));
    });
  }

  /** Jaeger and Zipkin style answer: 202, with a JSON note of rejected spans when there are any. */
  static void accepted(RoutingContext ctx, SpanProcessor.Result r) {
    HttpServerResponse resp = ctx.response().setStatusCode(202);
    if (r.rejections().isEmpty()) {
      resp.end();
    } else {
      resp.putHeader("content-type", "application/json").end(new JsonObject()
          .put("accepted", r.accepted()).put("rejected", r.rejections().size())
          .put("error", r.rejectionSummary()).encode());
    }
  }

  /** A plain JSON error; 503 carries Retry-After so well-behaved senders back off. */
  static void error(RoutingContext ctx, Throwable err) {
    int status = err instanceof IngestError ie ? ie.status : 500;
    HttpServerResponse resp = ctx.response().setStatusCode(status).putHeader("content-type", "application/json");
    if (status == 503 || status == 429) {
      resp.putHeader("retry-after", Long.toString(err instanceof IngestError ie ? ie.retryAfterSeconds : 1));
    }
    resp.end(new JsonObject().put("error", err.getMessage()).encode());
  }

  /** A refusal with the HTTP status that says whether the sender should retry. */
  static final class IngestError extends RuntimeException {
    final int status;
    final long retryAfterSeconds;

    IngestError(int status, String message) {
      this(status, message, 1);
    }

    IngestError(int status, String message, long retryAfterSeconds) {
      super(message, null, false, false);
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }
}
