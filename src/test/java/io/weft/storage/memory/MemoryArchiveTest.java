package io.weft.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.ArchiveStoreContract;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.TestTraces;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.archive.TraceArchiver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The archive in memory: a bounded store of its own beside the primary one. */
class MemoryArchiveTest extends ArchiveStoreContract {
  private final MemorySpanStore primary = new MemorySpanStore(1000);
  private final MemorySpanStore archived = new MemorySpanStore(1000);

  @Override
  protected ArchiveStore archive() {
    return ArchiveStore.of(archived, archived);
  }

  @Override
  protected SpanStore primary() {
    return primary;
  }

  @Test
  void anArchivedTraceOutlivesItsEvictionFromThePrimaryStore() {
    MemorySpanStore small = new MemorySpanStore(2);
    ArchiveStore archive = archive();
    SpanReader reader = new ArchiveFallbackReader(small, archive);
    TraceId kept = newTraceId();
    List<Span> spans = List.of(TestTraces.span(kept, 1, "checkout"), TestTraces.span(kept, 2, "payment"));
    await(small.write(spans));
    assertTrue(await(new TraceArchiver(reader, archive).archive(kept)));
    for (int i = 0; i < 3; i++) {
      TraceId other = newTraceId();
      await(small.write(List.of(TestTraces.span(other, 1, "checkout"))));
    }
    assertTrue(await(small.getTrace(kept)).isEmpty(), "evicted from the primary store (max-traces 2)");
    assertSameSpans(spans, await(reader.getTrace(kept)));
  }

  @Test
  void theArchiveHasABoundOfItsOwnAndLetsTheFirstArchivedGo() {
    MemorySpanStore bounded = new MemorySpanStore(2);
    ArchiveStore archive = ArchiveStore.of(bounded, bounded);
    TraceId first = newTraceId();
    await(archive.write(List.of(TestTraces.span(first, 1, "a"))));
    TraceId second = newTraceId();
    await(archive.write(List.of(TestTraces.span(second, 1, "a"))));
    TraceId third = newTraceId();
    await(archive.write(List.of(TestTraces.span(third, 1, "a"))));
    assertTrue(await(archive.getTrace(first)).isEmpty());
    assertEquals(1, await(archive.getTrace(second)).size());
    assertEquals(1, await(archive.getTrace(third)).size());
    assertEquals(1, bounded.evictedTraces());
  }
}
