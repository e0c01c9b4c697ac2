package io.weft.storage.archive;

import io.vertx.core.Future;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.List;

/**
 * A read layer: a trace the primary store no longer holds (or never held) is read from the archive,
 * as Jaeger's query service does, so every front (classic API, api_v3, gRPC, event bus) finds an
 * archived trace by its id. Searches (scans included), names and dependencies stay the primary store's.
 */
public final class ArchiveFallbackReader implements SpanReader {
  private final SpanReader primary;
  private final ArchiveStore archive;

  public ArchiveFallbackReader(SpanReader primary, ArchiveStore archive) {
    this.primary = primary;
    this.archive = archive;
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return primary.getTrace(traceId).compose(spans -> spans.isEmpty() ? archive.getTrace(traceId)
        : Future.succeededFuture(spans));
  }

  @Override
  public Future<List<String>> getServices() {
    return primary.getServices();
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    return primary.getOperations(service, spanKind);
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return primary.findTraces(query);
  }

  /** The primary store's own scan (a TraceQL search), as its searches are. */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return primary.scanTraces(scan);
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    return primary.getDependencies(endMicros, lookbackMicros);
  }
}
