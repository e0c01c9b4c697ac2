package io.weft.storage.opensearch;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes spans as bulk actions ({@link BulkActions}): the span documents, the service/operation
 * documents not written lately to the current index, and the dependency links of traces whose
 * links changed ({@link TraceLinks}). The future completes once OpenSearch stored every action of
 * the write; only then are the names and links remembered as stored.
 */
final class OpenSearchSpanWriter implements SpanWriter {
  /** Names remembered as written; beyond this the memory starts over (a few names are written again). */
  static final int MAX_NAMES = 100_000;

  private final BulkWriter bulk;
  private final BulkActions actions;
  private final IndexNames names;
  private final TraceLinks links = new TraceLinks();
  private final Set<String> namesWritten = ConcurrentHashMap.newKeySet();
  private final boolean jaeger;

  OpenSearchSpanWriter(BulkWriter bulk, IndexNames names, boolean jaeger) {
    this.bulk = bulk;
    this.names = names;
    this.actions = new BulkActions(names, jaeger);
    this.jaeger = jaeger;
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    List<BulkWriter.Action> out = new ArrayList<>(spans.size() + 8);
    Set<String> newNames = new LinkedHashSet<>();
    List<TraceLinks.Update> updates = new ArrayList<>();
    try {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      for (Span s : spans) {
        if (s.traceId() == null) {
          continue;
        }
        out.add(actions.span(s));
        byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        String service = s.serviceName() == null ? "" : s.serviceName();
        if (!service.isEmpty()) {
          String index = names.index(IndexNames.SERVICE, s.startTimeMicros());
          String op = s.operationName() == null ? "" : s.operationName();
          String kind = jaeger ? "" : s.kind().tagValue();
          String key = index + "\u0000" + service + "\u0000" + op + "\u0000" + kind;
          if (!namesWritten.contains(key) && newNames.add(key)) {
            out.add(actions.service(index, service, op, kind));
          }
        }
      }
      long now = System.currentTimeMillis();
      byTrace.forEach((id, traceSpans) -> {
        TraceLinks.Update u = links.add(id, traceSpans, now);
        if (u != null) {
          updates.add(u);
          actions.links(u, out);
        }
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return bulk.write(out).onSuccess(v -> {
      if (namesWritten.size() > MAX_NAMES) {
        namesWritten.clear();
      }
      namesWritten.addAll(newNames);
      updates.forEach(links::stored);
    });
  }

  /**
   * Only the trace-links documents, from the same {@link TraceLinks} as {@link #write} (so a trace's links
   * are counted once whatever mix of calls brings its spans); no span or name document.
   */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    List<BulkWriter.Action> out = new ArrayList<>();
    List<TraceLinks.Update> updates = new ArrayList<>();
    try {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      for (Span s : spans) {
        if (s.traceId() != null) {
          byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
      }
      long now = System.currentTimeMillis();
      byTrace.forEach((id, traceSpans) -> {
        TraceLinks.Update u = links.add(id, traceSpans, now);
        if (u != null) {
          updates.add(u);
          actions.links(u, out);
        }
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (out.isEmpty()) {
      return Future.succeededFuture();
    }
    return bulk.write(out).onSuccess(v -> updates.forEach(links::stored));
  }

  int trackedTraces() {
    return links.tracked();
  }
}
