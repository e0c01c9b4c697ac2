package io.weft.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent role: UDP receivers (Jaeger thrift compact and binary) feeding a batcher, whose batches
 * wait in a bounded buffer until a collector acknowledges them. Everything runs on this verticle's one
 * event loop, so the pieces share no locks; the UDP handlers only decode and append.
 */
public final class AgentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);
  /** Spans from Jaeger's UDP protocol; the collector's {@code internal.span.format} tag. */
  static final String FORMAT = "jaeger";
  private static final long DRAIN_ON_STOP_MS = 2000;

  private final AgentSettings settings;
  private final WeftMetrics weftMetrics;
  private final List<UdpReceiver> receivers = new ArrayList<>();
  private AgentMetrics metrics;
  private BatchSender sender;
  private Batcher batcher;
  private Forwarder forwarder;
  private long timer = -1;

  public AgentVerticle(AgentSettings settings, WeftMetrics metrics) {
    this.settings = settings;
    this.weftMetrics = metrics;
  }

  @Override
  public Future<?> start() {
    metrics = new AgentMetrics(weftMetrics);
    sender = settings.collectorHost().isEmpty()
        ? new EventBusSender(vertx, FORMAT, settings.timeoutMs(), settings.tenant())
        : new OtlpGrpcSender(vertx, settings.collectorHostName(), settings.collectorPort(), settings.timeoutMs(),
            settings.collectorTls(), settings.collectorToken(), settings.tenant(), settings.tenantHeader());
    BatchBuffer buffer = new BatchBuffer(settings.bufferSpans(), settings.bufferBytes());
    forwarder = new Forwarder(vertx, sender, buffer, metrics, settings.maxInFlight(), settings.timeoutMs(),
        settings.maxBackoffMs());
    metrics.gauges(buffer, forwarder::inFlight);
    batcher = new Batcher(settings.batchSpans(), this::encode, forwarder::offer);
    ProcessTagger tagger = new ProcessTagger(settings.tags());
    List<Future<?>> bound = new ArrayList<>();
    for (boolean compact : new boolean[] {true, false}) {
      int port = compact ? settings.compactPort() : settings.binaryPort();
      if (port > 0) {
        UdpReceiver r = new UdpReceiver(vertx, settings, compact, metrics, spans -> batcher.add(tagger.apply(spans)));
        receivers.add(r);
        bound.add(r.listen(port));
      }
    }
    timer = vertx.setPeriodic(settings.batchIntervalMs(), id -> batcher.flush());
    return Future.all(bound);
  }

  private EncodedBatch encode(List<Span> spans) {
    try {
      return sender.encode(spans);
    } catch (RuntimeException e) {
      LOG.warn("cannot encode a batch of {} spans, dropped: {}", spans.size(), e.toString());
      metrics.lost("agent-encode-failed", spans.size());
      return null;
    }
  }

  /** Stops taking datagrams, sends what it holds for a moment, and counts what is still left as lost. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.join(receivers.stream().map(UdpReceiver::close).toList())
        .transform(ignored -> {
          batcher.flush();
          Promise<Void> drained = Promise.promise();
          long deadline = System.currentTimeMillis() + DRAIN_ON_STOP_MS;
          vertx.setPeriodic(20, id -> {
            if (forwarder.idle() || System.currentTimeMillis() >= deadline) {
              vertx.cancelTimer(id);
              drained.complete();
            }
          });
          return drained.future();
        })
        .compose(v -> {
          long left = forwarder.pendingSpans();
          if (left > 0) {
            LOG.warn("agent stopping with {} spans not acknowledged by a collector; counted as dropped", left);
            metrics.lost("agent-shutdown", left);
          }
          return sender.close();
        });
  }
}
