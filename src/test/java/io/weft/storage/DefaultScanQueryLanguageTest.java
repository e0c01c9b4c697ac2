package io.weft.storage;

import io.vertx.core.Future;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.traceql.QueryLanguageContract;
import java.util.List;

/**
 * The query-language suite through {@link SpanReader#scanTraces}'s default (candidates from
 * {@code findTraces}, each tested), which a backend without a scan of its own gets: a memory store
 * seen only through the reader's other methods.
 */
class DefaultScanQueryLanguageTest extends QueryLanguageContract {
  @Override
  protected SpanStore createStore() {
    MemorySpanStore m = new MemorySpanStore(10_000);
    return new SpanStore() {
      public Future<Void> write(List<Span> spans) {
        return m.write(spans);
      }

      public Future<List<Span>> getTrace(TraceId id) {
        return m.getTrace(id);
      }

      public Future<List<String>> getServices() {
        return m.getServices();
      }

      public Future<List<Operation>> getOperations(String service, String kind) {
        return m.getOperations(service, kind);
      }

      public Future<List<List<Span>>> findTraces(TraceQuery q) {
        return m.findTraces(q);
      }

      public Future<List<DependencyLink>> getDependencies(long end, long lookback) {
        return m.getDependencies(end, lookback);
      }
    };
  }
}
