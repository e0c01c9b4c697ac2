package io.weft.storage.memory;

import io.weft.storage.SpanStore;
import io.weft.traceql.QueryLanguageContract;

/** The query-language suite on the memory store: candidates through its indexes and tag filters. */
class MemoryQueryLanguageTest extends QueryLanguageContract {
  @Override
  protected SpanStore createStore() {
    return new MemorySpanStore(10_000);
  }
}
