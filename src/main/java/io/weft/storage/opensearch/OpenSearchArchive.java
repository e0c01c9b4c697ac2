package io.weft.storage.opensearch;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The archive in OpenSearch, where Jaeger keeps its own: span documents of the store's shape in one
 * undated index, {@code [prefix-]weft-span-archive} ({@code jaeger-span-archive} in Jaeger's layout),
 * or with {@code opensearch.archive.use-aliases} written to {@code …-archive-write} and read from
 * {@code …-archive-read} as Jaeger's rollover sets them up. No service or dependency documents: an
 * archived trace is read by id only. Retention never touches it; primary searches leave it out
 * ({@link IndexNames#searchable}). Writes share the store's bulk queue and are acknowledged once
 * OpenSearch stored them; a span written again replaces its document (the id is its content's).
 */
final class OpenSearchArchive implements ArchiveStore {
  private final BulkWriter bulk;
  private final BulkActions actions;
  private final TraceFetch fetch;
  private final String writeIndex;
  private final String readIndex;

  OpenSearchArchive(BulkWriter bulk, BulkActions actions, TraceFetch fetch, IndexNames names, boolean aliases) {
    this.bulk = bulk;
    this.actions = actions;
    this.fetch = fetch;
    this.writeIndex = aliases ? names.archive() + "-write" : names.archive();
    this.readIndex = aliases ? names.archive() + "-read" : names.archive();
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    List<BulkWriter.Action> out = new ArrayList<>(spans.size());
    try {
      for (Span s : spans) {
        if (s.traceId() != null) {
          out.add(actions.span(s, writeIndex));
        }
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return out.isEmpty() ? Future.succeededFuture() : bulk.write(out);
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return fetch.trace(readIndex, traceId);
  }

  /** Where archived spans are written (an index or alias name). */
  String writeIndex() {
    return writeIndex;
  }
}
