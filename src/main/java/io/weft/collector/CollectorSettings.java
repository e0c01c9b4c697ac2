package io.weft.collector;

import io.weft.config.Options;
import io.weft.config.WeftConfig;

/** The collector's listeners. */
public record CollectorSettings(String host, int otlpGrpcPort, int otlpHttpPort, int jaegerHttpPort,
    int zipkinHttpPort, int maxRequestBytes) {

  public static CollectorSettings from(WeftConfig c) {
    return new CollectorSettings(c.get(Options.HOST), c.getInt(Options.OTLP_GRPC_PORT), c.getInt(Options.OTLP_HTTP_PORT),
        c.getInt(Options.JAEGER_HTTP_PORT), c.getInt(Options.ZIPKIN_HTTP_PORT), c.getInt(Options.MAX_REQUEST_BYTES));
  }

  /** The pipeline shared by every collector instance of a node. */
  public static SpanProcessor processor(WeftConfig c, io.weft.storage.SpanWriter writer,
      io.weft.metrics.WeftMetrics metrics) {
    return processor(c, io.weft.tenant.PerTenant.same(writer), null, metrics, SpanProcessor.AcceptedSpans.NONE);
  }

  /**
   * The same, writing each tenant's spans to its writer, held to {@code limits} (null: none), with
   * {@code tap} seeing every accepted span (span metrics).
   */
  public static SpanProcessor processor(WeftConfig c, io.weft.tenant.PerTenant<io.weft.storage.SpanWriter> writers,
      io.weft.tenant.IngestLimits limits, io.weft.metrics.WeftMetrics metrics, SpanProcessor.AcceptedSpans tap) {
    SpanValidator validator = new SpanValidator(c.getInt(Options.MAX_TAGS), c.getLong(Options.MAX_SPAN_BYTES),
        c.getMicros(Options.MAX_FUTURE), c.getMicros(Options.MAX_DURATION));
    return new SpanProcessor(validator, new PostSampler(c.getDouble(Options.SAMPLING_RATE)), writers, limits, metrics,
        c.getLong(Options.QUEUE_SIZE), tap);
  }
}
