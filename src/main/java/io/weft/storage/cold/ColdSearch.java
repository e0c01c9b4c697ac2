package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.PartialResult;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One search of the cold tier, newest blocks first, {@code cold.search.parallelism} blocks at a time.
 * A block is skipped by its meta (time range, services, operations); else its search columns (cached)
 * give the traces that may match ({@link BlockColumns#candidates}); those are read newest first, page by
 * page, and tested whole ({@link SpanMatcher}, then a scan's {@link TraceFilter}). The search stops once it
 * holds {@code limit} traces newer than any block left, or when it has read {@code cold.search.max-bytes} or
 * tested a scan's budget of candidates: then the answer is partial. A trace whose parts lie in several
 * blocks (not compacted yet) is tested part by part and its merged parts again, so a scan may miss a trace
 * only its whole matches (the tiered reader tests hot and cold parts together the same way).
 */
final class ColdSearch {
  private final List<BlockMeta> blocks;
  private final BlockCache cache;
  private final WorkerExecutor workers;
  private final ColdSettings settings;
  private final ColdMetrics metrics;
  private final TraceQuery query;
  private final SpanMatcher matcher;
  /** A scan's filter (null for a search), its budget of candidate traces (0: none but the bytes), those taken. */
  private final TraceFilter filter;
  private final int budget;
  private long examined;
  private boolean stoppedAtBudget;
  /** Matching traces by id (a trace may sit in several blocks), with the newest start seen. */
  private final Map<TraceId, Hit> hits = new HashMap<>();
  private long bytesRead;
  private boolean stoppedAtLimit;

  private static final class Hit {
    final TraceId id;
    final List<List<Span>> parts = new ArrayList<>();
    long start;

    Hit(TraceId id) {
      this.id = id;
    }
  }

  ColdSearch(List<BlockMeta> visible, BlockCache cache, WorkerExecutor workers, ColdSettings settings,
      ColdMetrics metrics, TraceQuery query) {
    this(visible, cache, workers, settings, metrics, query, null, 0);
  }

  /** A scan: the candidates' query prunes blocks and rows, the filter tests what remains. */
  ColdSearch(List<BlockMeta> visible, BlockCache cache, WorkerExecutor workers, ColdSettings settings,
      ColdMetrics metrics, TraceScan scan) {
    this(visible, cache, workers, settings, metrics, scan.candidates(), scan.filter(), scan.budget());
  }

  private ColdSearch(List<BlockMeta> visible, BlockCache cache, WorkerExecutor workers, ColdSettings settings,
      ColdMetrics metrics, TraceQuery query, TraceFilter filter, int budget) {
    this.filter = filter;
    this.budget = budget;
    this.cache = cache;
    this.workers = workers;
    this.settings = settings;
    this.metrics = metrics;
    this.query = query;
    this.matcher = new SpanMatcher(query);
    List<BlockMeta> worth = new ArrayList<>();
    for (BlockMeta m : visible) {
      if (m.traces() > 0 && m.overlaps(query.startTimeMinMicros(), query.startTimeMaxMicros()) && mayHold(m)) {
        worth.add(m);
      }
    }
    worth.sort(BlockList.NEWEST_FIRST);
    this.blocks = worth;
  }

  private boolean mayHold(BlockMeta m) {
    if (query.service() == null || query.service().isEmpty()) {
      return true;
    }
    if (!m.services().contains(query.service())) {
      return false;
    }
    if (query.operation() == null || query.operation().isEmpty()) {
      return true;
    }
    return m.operationsOf(query.service()).stream().anyMatch(o -> o.name().equals(query.operation()));
  }

  Future<List<List<Span>>> run() {
    return wave(0).compose(v -> workers.executeBlocking(this::answer, false))
        .map(out -> PartialResult.of(out, partial()));
  }

  /** The scan's answer: matching traces newest first, candidates tested, and why it stopped early (else null). */
  Future<ScanResult> runScan() {
    return wave(0).compose(v -> workers.executeBlocking(this::answer, false))
        .map(out -> new ScanResult(out, examinedSoFar(), partial()));
  }

  private synchronized long examinedSoFar() {
    return examined;
  }

  private synchronized List<List<Span>> answer() {
    List<Hit> sorted = new ArrayList<>(hits.values());
    sorted.sort(Comparator.comparingLong((Hit h) -> h.start).reversed().thenComparing(h -> h.id));
    List<List<Span>> out = new ArrayList<>();
    for (Hit h : sorted) {
      if (out.size() == query.limit()) {
        break;
      }
      List<Span> whole = Spans.merge(h.parts);
      if (filter == null || h.parts.size() == 1 || filter.test(whole)) {
        out.add(whole);
      }
    }
    metrics.searched(bytesRead);
    return out;
  }

  private synchronized String partial() {
    if (stoppedAtLimit) {
      return "the cold-storage search stopped after reading " + bytesRead
          + " bytes (cold.search.max-bytes); older traces were not searched: narrow the time range";
    }
    return stoppedAtBudget ? "the cold-storage scan tested " + examined
        + " candidate traces (the scan budget); older ones were not tested" : null;
  }

  /** Searches blocks [from, from + parallelism), then the next wave unless done. */
  private Future<Void> wave(int from) {
    if (from >= blocks.size() || done(blocks.get(from).maxStart())) {
      return Future.succeededFuture();
    }
    if (overBudget()) {
      return Future.succeededFuture();
    }
    int to = Math.min(blocks.size(), from + settings.searchParallelism());
    List<Future<Void>> all = new ArrayList<>();
    for (int i = from; i < to; i++) {
      all.add(block(blocks.get(i)));
    }
    return Future.all(all).compose(x -> wave(to));
  }

  /** Whether {@code limit} hits already start after every trace a block up to {@code maxStart} may hold. */
  private synchronized boolean done(long maxStart) {
    if (hits.size() < query.limit()) {
      return false;
    }
    long[] starts = hits.values().stream().mapToLong(h -> h.start).sorted().toArray();
    return starts[starts.length - query.limit()] > maxStart;
  }

  // Blocks of a wave run at once, and their callbacks may come on different threads: the shared state is guarded.
  private synchronized void charge(long bytes) {
    bytesRead += bytes;
  }

  private synchronized boolean overBudget() {
    if (bytesRead >= settings.searchMaxBytes()) {
      stoppedAtLimit = true;
    }
    if (budget > 0 && examined >= budget) {
      stoppedAtBudget = true;
    }
    return stoppedAtLimit || stoppedAtBudget;
  }

  /** The page, or its newest candidates when testing them all would pass the scan's budget (then partial). */
  private synchronized CandidatePages withinBudget(CandidatePages p) {
    long left = budget - examined;
    CandidatePages taken = p;
    if (budget > 0 && p.rows.size() > left) {
      stoppedAtBudget = true;
      taken = p.newest((int) left);
    }
    examined += taken.rows.size(); // counted when taken: blocks read at once share the budget
    return taken;
  }

  private synchronized void hit(List<Span> trace) {
    Hit h = hits.computeIfAbsent(trace.get(0).traceId(), Hit::new);
    h.parts.add(trace);
    h.start = Math.max(h.start, SpanMatcher.traceStart(trace));
  }

  private Future<Void> block(BlockMeta m) {
    charge(m.sections().columnsLength());
    return cache.columns(m).compose(columns -> cache.index(m).compose(index ->
        workers.executeBlocking(() -> CandidatePages.of(columns, index, columns.candidates(query, m, index)), false)
            .compose(pages -> read(m, index, pages))));
  }

  /**
   * Reads the pages one after the other (a loop of callbacks, not a chain of futures, so a block of many
   * pages does not nest), testing each page's candidates on a worker; stops once this block's
   * {@code limit} newest hits are newer than any candidate left, or at the cost limit.
   */
  private Future<Void> read(BlockMeta m, PageIndex index, List<CandidatePages> pages) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    List<Long> starts = new ArrayList<>();
    new Object() {
      int next;

      void step() {
        if (next >= pages.size() || enough(starts, pages.get(next).newest)) {
          done.tryComplete();
          return;
        }
        if (overBudget()) {
          done.tryComplete();
          return;
        }
        CandidatePages p = withinBudget(pages.get(next++));
        charge(index.length(p.page));
        metrics.pageRead(index.length(p.page));
        cache.page(m, index, p.page)
            .compose(raw -> workers.executeBlocking(() -> p.matching(raw, index.firstRow(p.page), ColdSearch.this::matches), false))
            .onSuccess(hits -> {
              for (List<Span> t : hits) {
                hit(t);
                starts.add(SpanMatcher.traceStart(t));
              }
              step();
            })
            .onFailure(done::tryFail);
      }
    }.step();
    return done.future();
  }

  /** Whether {@code limit} of these hit starts are newer than {@code nextNewest}. */
  private boolean enough(List<Long> starts, long nextNewest) {
    if (starts.size() < query.limit()) {
      return false;
    }
    List<Long> sorted = new ArrayList<>(starts);
    sorted.sort(Comparator.reverseOrder());
    return sorted.get(query.limit() - 1) > nextNewest;
  }

  private boolean matches(List<Span> trace) {
    return matcher.matchesTrace(trace) && (filter == null || filter.test(trace));
  }
}
