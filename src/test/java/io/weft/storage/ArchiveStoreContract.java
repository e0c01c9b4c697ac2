package io.weft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.weft.testing.RandomSpans;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.archive.TraceArchiver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every archive store must do (memory and Cassandra run it): keep what it was given, field for field,
 * apart from the primary store, once per span however often written; and through {@link TraceArchiver} and
 * {@link ArchiveFallbackReader}, answer for a trace the primary store does not hold.
 */
public abstract class ArchiveStoreContract {

  /** The archive under test, over the same backend as {@link #primary()}. */
  protected abstract ArchiveStore archive();

  /** The primary store beside it. */
  protected abstract SpanStore primary();

  @Test
  void archivedSpansReadBackFieldForField() {
    RandomSpans random = new RandomSpans(ThreadLocalRandom.current().nextLong());
    TraceId id = random.traceId();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      spans.add(random.span(id));
    }
    await(archive().write(spans));
    assertSameSpans(spans, await(archive().getTrace(id)));
  }

  @Test
  void theArchiveIsApartFromThePrimaryStore() {
    TraceId id = newTraceId();
    await(archive().write(List.of(TestTraces.span(id, 1, "archived-only-" + id.toHex()))));
    assertEquals(1, await(archive().getTrace(id)).size());
    assertTrue(await(primary().getTrace(id)).isEmpty(), "an archived span is not in the primary store");
    assertFalse(await(primary().getServices()).contains("archived-only-" + id.toHex()));
  }

  @Test
  void writingASpanAgainKeepsOneCopy() {
    TraceId id = newTraceId();
    List<Span> spans = List.of(TestTraces.span(id, 1, "again"), TestTraces.span(id, 2, "again"));
    await(archive().write(spans));
    await(archive().write(spans));
    assertSameSpans(spans, await(archive().getTrace(id)));
  }

  @Test
  void aTraceNeverArchivedIsEmpty() {
    assertTrue(await(archive().getTrace(newTraceId())).isEmpty());
  }

  @Test
  void archivingCopiesTheStoredTraceAndReadsFallBackToIt() {
    TraceId id = newTraceId();
    List<Span> spans = List.of(TestTraces.span(id, 1, "copied"), TestTraces.span(id, 2, "copied"));
    await(primary().write(spans));
    SpanReader reader = new ArchiveFallbackReader(primary(), archive());
    TraceArchiver archiver = new TraceArchiver(reader, archive());
    assertTrue(await(archiver.archive(id)));
    assertSameSpans(spans, await(archive().getTrace(id)));
    assertSameSpans(spans, await(reader.getTrace(id)));
    // Archiving again (the trace now read from either store) changes nothing.
    assertTrue(await(archiver.archive(id)));
    assertSameSpans(spans, await(archive().getTrace(id)));
    assertFalse(await(archiver.archive(newTraceId())), "no span has that id: nothing archived");
  }

  @Test
  void aTraceOnlyInTheArchiveIsFoundById() {
    TraceId id = newTraceId();
    List<Span> spans = List.of(TestTraces.span(id, 7, "archived-then-expired"));
    await(archive().write(spans));
    assertSameSpans(spans, await(new ArchiveFallbackReader(primary(), archive()).getTrace(id)));
  }

  protected static TraceId newTraceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new TraceId(r.nextLong(), r.nextLong());
  }

  protected static void assertSameSpans(List<Span> expected, List<Span> actual) {
    Comparator<Span> order = Comparator.comparing(Span::toString);
    assertEquals(expected.stream().sorted(order).toList(), actual.stream().sorted(order).toList());
  }

  protected static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call failed", e);
    }
  }
}
