package io.weft.storage.cold;

import io.weft.model.TraceId;
import io.weft.wire.ByteSink;
import java.util.Arrays;

/**
 * A block's page index: per page (in trace-id order), its byte range within the pages section, its
 * uncompressed size, its first trace row and trace count, and its first and last trace id. A trace is
 * in the one page whose id range holds it, so finding it takes a binary search and one ranged read.
 * Serialized: {@code pages:uvarint (compressed:uvarint raw:uvarint traces:uvarint firstHigh firstLow lastHigh lastLow){pages}}
 * (ids as fixed64), then zstd.
 */
final class PageIndex {
  private final long[] offsets;
  private final int[] lengths;
  private final int[] rawLengths;
  private final int[] firstRows;
  private final TraceId[] firstIds;
  private final TraceId[] lastIds;
  private final int[] rowCounts;

  private PageIndex(long[] offsets, int[] lengths, int[] rawLengths, int[] firstRows, int[] rowCounts,
      TraceId[] firstIds, TraceId[] lastIds) {
    this.rowCounts = rowCounts;
    this.offsets = offsets;
    this.lengths = lengths;
    this.rawLengths = rawLengths;
    this.firstRows = firstRows;
    this.firstIds = firstIds;
    this.lastIds = lastIds;
  }

  int pages() {
    return offsets.length;
  }

  /** Offset of the page within the pages section. */
  long offset(int page) {
    return offsets[page];
  }

  int length(int page) {
    return lengths[page];
  }

  int rawLength(int page) {
    return rawLengths[page];
  }

  int firstRow(int page) {
    return firstRows[page];
  }

  int rows(int page) {
    return rowCounts[page];
  }

  /** The page whose id range holds {@code id}, or -1. */
  int pageOf(TraceId id) {
    int lo = 0;
    int hi = offsets.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (lastIds[mid].compareTo(id) < 0) {
        lo = mid + 1;
      } else if (firstIds[mid].compareTo(id) > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** The page holding trace row {@code row}. */
  int pageOfRow(int row) {
    int i = Arrays.binarySearch(firstRows, row);
    return i >= 0 ? i : -i - 2;
  }

  int sizeBytes() {
    return offsets.length * 60;
  }

  static PageIndex read(byte[] b) {
    ByteSource in = new ByteSource(b);
    int n = in.count();
    long[] offsets = new long[n];
    int[] lengths = new int[n];
    int[] raw = new int[n];
    int[] rows = new int[n];
    int[] counts = new int[n];
    TraceId[] first = new TraceId[n];
    TraceId[] last = new TraceId[n];
    long offset = 0;
    int row = 0;
    for (int i = 0; i < n; i++) {
      offsets[i] = offset;
      lengths[i] = in.count();
      raw[i] = in.count();
      rows[i] = row;
      counts[i] = in.count();
      row += counts[i];
      offset += lengths[i];
      first[i] = new TraceId(in.fixed64(), in.fixed64());
      last[i] = new TraceId(in.fixed64(), in.fixed64());
    }
    in.expectEnd();
    return new PageIndex(offsets, lengths, raw, rows, counts, first, last);
  }

  static final class Builder {
    private final ByteSink out = new ByteSink(4096);
    private int pages;

    void add(long offset, int compressed, int raw, int firstRow, int traces, TraceId first, TraceId last) {
      out.writeUVarint(compressed);
      out.writeUVarint(raw);
      out.writeUVarint(traces);
      out.writeFixed64(first.high());
      out.writeFixed64(first.low());
      out.writeFixed64(last.high());
      out.writeFixed64(last.low());
      pages++;
    }

    int pages() {
      return pages;
    }

    byte[] toBytes() {
      ByteSink all = new ByteSink(out.size() + 8);
      all.writeUVarint(pages);
      all.write(out.array(), 0, out.size());
      return all.toByteArray();
    }
  }
}
