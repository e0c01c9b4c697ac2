package io.weft.storage.cold;

import io.weft.model.Span;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** One page of a block with the rows a search's columns left as candidates, and the newest start among them. */
final class CandidatePages {
  final int page;
  final List<Integer> rows = new ArrayList<>();
  private final List<Long> starts = new ArrayList<>();
  long newest = Long.MIN_VALUE;

  private CandidatePages(int page) {
    this.page = page;
  }

  /** The candidate rows grouped by page, pages ordered by their newest candidate. */
  static List<CandidatePages> of(BlockColumns columns, PageIndex index, List<Integer> rows) {
    Map<Integer, CandidatePages> byPage = new HashMap<>();
    for (int row : rows) {
      CandidatePages p = byPage.computeIfAbsent(index.pageOfRow(row), CandidatePages::new);
      long start = columns.start(row);
      p.rows.add(row);
      p.starts.add(start);
      p.newest = Math.max(p.newest, start);
    }
    List<CandidatePages> out = new ArrayList<>(byPage.values());
    out.sort(Comparator.comparingLong((CandidatePages p) -> p.newest).reversed());
    return out;
  }

  /** This page with only its {@code n} newest candidates (a scan's budget ends within it). */
  CandidatePages newest(int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> starts.get(i)).reversed());
    CandidatePages cut = new CandidatePages(page);
    for (int i : order.subList(0, Math.min(n, order.size()))) {
      cut.rows.add(rows.get(i));
      cut.starts.add(starts.get(i));
      cut.newest = Math.max(cut.newest, starts.get(i));
    }
    return cut;
  }

  /**
   * The candidate traces of this page (uncompressed, its first row {@code firstRow}) that pass {@code test},
   * whole as far as this block holds them; only the candidates are decoded.
   */
  List<List<Span>> matching(byte[] raw, int firstRow, Predicate<List<Span>> test) {
    List<List<Span>> hits = new ArrayList<>();
    Set<Integer> wanted = new HashSet<>();
    rows.forEach(r -> wanted.add(r - firstRow));
    ByteSource in = new ByteSource(raw);
    for (int i = 0; in.hasMore(); i++) {
      int len = in.count();
      int at = in.position();
      in.skip(len);
      if (wanted.contains(i)) {
        List<Span> trace = SpanBinaryCodec.decode(raw, at, len);
        if (test.test(trace)) {
          hits.add(trace);
        }
      }
    }
    return hits;
  }
}
