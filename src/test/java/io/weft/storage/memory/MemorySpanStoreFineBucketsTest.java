package io.weft.storage.memory;

import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;

/** The contract again with 7 µs time buckets: nearly every trace gets its own, and traces move. */
class MemorySpanStoreFineBucketsTest extends SpanStoreContract {
  @Override
  protected SpanStore createStore() {
    return new MemorySpanStore(10_000, 7);
  }
}
