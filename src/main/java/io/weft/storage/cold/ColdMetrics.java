package io.weft.storage.cold;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;

/** The cold tier's meters in /metrics ({@code weft_cold_*}). */
final class ColdMetrics {
  private final Counter pageBytes;
  private final Counter pages;
  private final Counter searchBytes;
  private final Counter searches;
  private final Counter readFailures;
  private final Counter blocksWritten;
  private final Counter blockBytes;
  private final Counter spansHanded;
  private final Counter handoffFailures;
  private final Counter compactions;
  private final Counter duplicates;
  private final Counter deleted;

  ColdMetrics(WeftMetrics metrics) {
    MeterRegistry r = metrics.meterRegistry();
    pageBytes = Counter.builder("weft_cold_page_read_bytes").description("compressed page bytes read from cold blocks")
        .register(r);
    pages = Counter.builder("weft_cold_page_reads").description("pages read from cold blocks").register(r);
    searchBytes = Counter.builder("weft_cold_search_bytes").description("bytes cold searches read (columns and pages)")
        .register(r);
    searches = Counter.builder("weft_cold_searches").description("searches of the cold tier").register(r);
    readFailures = Counter.builder("weft_cold_read_failures")
        .description("reads answered without the cold tier (object store unreachable): partial answers").register(r);
    blocksWritten = Counter.builder("weft_cold_blocks_written").description("blocks committed (handoff and compaction)")
        .register(r);
    blockBytes = Counter.builder("weft_cold_block_bytes_written").description("bytes of blocks committed").register(r);
    spansHanded = Counter.builder("weft_cold_spans_handed_off").description("spans moved from the hot store to blocks")
        .register(r);
    handoffFailures = Counter.builder("weft_cold_handoff_failures")
        .description("handoff rounds that failed (the hot data stays; retried)").register(r);
    compactions = Counter.builder("weft_cold_compactions").description("compactions committed").register(r);
    duplicates = Counter.builder("weft_cold_duplicate_spans_removed")
        .description("spans found twice in blocks being compacted, kept once").register(r);
    deleted = Counter.builder("weft_cold_blocks_deleted")
        .description("blocks deleted: past retention, replaced by a compaction, or left half-written").register(r);
  }

  void pageRead(long bytes) {
    pages.increment();
    pageBytes.increment(bytes);
  }

  void searched(long bytes) {
    searches.increment();
    searchBytes.increment(bytes);
  }

  void readFailed() {
    readFailures.increment();
  }

  void blockWritten(BlockMeta m) {
    blocksWritten.increment();
    blockBytes.increment(m.bytes());
  }

  void handedOff(long spans) {
    spansHanded.increment(spans);
  }

  void handoffFailed() {
    handoffFailures.increment();
  }

  void compacted(long duplicateSpans) {
    compactions.increment();
    duplicates.increment(duplicateSpans);
  }

  void deleted(int blocks) {
    deleted.increment(blocks);
  }
}
