package io.weft.storage.archive;

import io.vertx.core.Future;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanReader;

/**
 * Archiving a trace ({@code POST /api/archive/{id}}, api_v2's {@code ArchiveTrace}): its spans as stored
 * (not adjusted: the reader adjusts on every read) are copied into the archive. The trace is read
 * through {@code reader}, which may already fall back to the archive, so archiving an archived trace
 * again succeeds and changes nothing.
 */
public final class TraceArchiver {
  private final SpanReader reader;
  private final ArchiveStore archive;

  public TraceArchiver(SpanReader reader, ArchiveStore archive) {
    this.reader = reader;
    this.archive = archive;
  }

  /** True once the trace's spans are in the archive (as durably as its store writes); false when no span has that id. */
  public Future<Boolean> archive(TraceId id) {
    return reader.getTrace(id).compose(spans -> spans.isEmpty() ? Future.succeededFuture(false)
        : archive.write(spans).map(true));
  }
}
