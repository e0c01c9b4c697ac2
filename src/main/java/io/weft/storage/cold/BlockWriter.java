package io.weft.storage.cold;

import com.github.luben.zstd.Zstd;
import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.storage.DependencyLinker;
import io.weft.wire.ByteSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one block (format 1, see docs/cold-storage.md) from whole traces: a data object and its
 * {@link BlockMeta}. Traces are sorted by id; each is one {@link io.weft.wire.SpanBinaryCodec} message (its rows),
 * packed into pages of about {@link #PAGE_BYTES} compressed with zstd one by one, so reading a trace
 * is one ranged GET of one page. After the pages: a Bloom filter of the trace ids, the page index,
 * the search columns, and the dependency links. CPU-bound: run it on a worker.
 */
final class BlockWriter {
  static final byte[] MAGIC = "WEFTBLK1".getBytes(StandardCharsets.US_ASCII);
  /** Uncompressed bytes per page: a trace read fetches one page (about a quarter of this after zstd). */
  static final int PAGE_BYTES = 64 * 1024;
  /** Pages per row group, the unit of the tag Bloom filters a search checks before fetching pages. */
  static final int PAGES_PER_GROUP = 16;
  /** Bits per distinct tag in a row group's filter: fewer than for trace ids, since a miss costs one page read. */
  static final int TAG_BITS_PER_KEY = 6;

  private final int zstdLevel;

  BlockWriter(int zstdLevel) {
    this.zstdLevel = zstdLevel;
  }

  /** A block: its data object and its meta (written after the data, as the commit). */
  record Built(byte[] data, BlockMeta meta) {}

  Built write(String id, long windowFrom, long windowTo, int level, List<String> sources, List<EncodedTrace> traces,
      long createdMicros) {
    List<EncodedTrace> sorted = new ArrayList<>(traces);
    sorted.sort(Comparator.comparing(EncodedTrace::id));
    Dictionaries dict = new Dictionaries();

    ByteSink data = new ByteSink(1 << 20);
    data.write(MAGIC);
    long pagesOffset = data.size();
    PageIndex.Builder index = new PageIndex.Builder();
    BlockColumns.Builder columns = new BlockColumns.Builder(sorted.size());
    BloomFilter ids = BloomFilter.sized(sorted.size(), BloomFilter.BITS_PER_KEY);
    TagHashes groupTags = new TagHashes();
    ByteSink page = new ByteSink(PAGE_BYTES + (PAGE_BYTES >> 2));
    TreeMap<List<Long>, long[]> links = new TreeMap<>(LINK_ORDER);
    long minStart = Long.MAX_VALUE;
    long maxStart = Long.MIN_VALUE;
    long spans = 0;
    int pageFirst = 0;
    for (int t = 0; t < sorted.size(); t++) {
      EncodedTrace encoded = sorted.get(t);
      List<Span> trace = encoded.decode();
      long start = encoded.start();
      minStart = Math.min(minStart, start);
      maxStart = Math.max(maxStart, start);
      spans += trace.size();
      ids.add(BloomFilter.hash(encoded.id()));
      columns.addTrace(trace, start, dict);
      groupTags.addTrace(trace);
      for (DependencyLink l : DependencyLinker.linksOf(trace)) {
        links.computeIfAbsent(List.of(Math.floorDiv(start, 1_000_000L), (long) dict.service(l.parent()),
            (long) dict.service(l.child())), k -> new long[1])[0] += l.callCount();
      }
      page.writeUVarint(encoded.message().length);
      page.write(encoded.message());
      boolean last = t == sorted.size() - 1;
      if (page.size() >= PAGE_BYTES || last) {
        byte[] compressed = Zstd.compress(page.toByteArray(), zstdLevel);
        index.add(data.size() - pagesOffset, compressed.length, page.size(), pageFirst, t + 1 - pageFirst,
            sorted.get(pageFirst).id(), encoded.id());
        data.write(compressed);
        page.reset();
        pageFirst = t + 1;
        if (index.pages() % PAGES_PER_GROUP == 0 || last) {
          columns.addGroup(groupTags.toFilter());
          groupTags = new TagHashes();
        }
      }
    }
    long pagesLength = data.size() - pagesOffset;
    long bloomOffset = data.size();
    data.write(ids.toBytes());
    int bloomLength = (int) (data.size() - bloomOffset);
    long indexOffset = data.size();
    data.write(Zstd.compress(index.toBytes(), zstdLevel));
    int indexLength = (int) (data.size() - indexOffset);
    long columnsOffset = data.size();
    data.write(Zstd.compress(columns.toBytes(minStart), zstdLevel));
    int columnsLength = (int) (data.size() - columnsOffset);
    long linksOffset = data.size();
    data.write(Zstd.compress(linkBytes(links), zstdLevel));
    int linksLength = (int) (data.size() - linksOffset);
    if (sorted.isEmpty()) {
      minStart = maxStart = windowFrom;
    }
    BlockMeta meta = new BlockMeta(id, BlockMeta.FORMAT, windowFrom, windowTo, minStart, maxStart, sorted.size(), spans,
        data.size(), level, sources, createdMicros, dict.services, dict.operations,
        new BlockMeta.Sections(pagesOffset, pagesLength, bloomOffset, bloomLength, indexOffset, indexLength,
            columnsOffset, columnsLength, linksOffset, linksLength));
    return new Built(data.toByteArray(), meta);
  }

  private static final Comparator<List<Long>> LINK_ORDER = (a, b) -> {
    for (int i = 0; i < 3; i++) {
      int c = Long.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  /** (second, parent service, child service, calls) rows, seconds ascending: {@link BlockLinks}. */
  private static byte[] linkBytes(TreeMap<List<Long>, long[]> links) {
    ByteSink out = new ByteSink(16 + links.size() * 8);
    out.writeUVarint(links.size());
    long prev = 0;
    for (Map.Entry<List<Long>, long[]> e : links.entrySet()) {
      out.writeVarint(e.getKey().get(0) - prev);
      prev = e.getKey().get(0);
      out.writeUVarint(e.getKey().get(1));
      out.writeUVarint(e.getKey().get(2));
      out.writeUVarint(e.getValue()[0]);
    }
    return out.toByteArray();
  }

  /**
   * The block's services ("" for a span without one) and operations, numbered as first seen: the
   * columns refer to them by number.
   */
  static final class Dictionaries {
    final List<String> services = new ArrayList<>();
    final List<BlockMeta.Op> operations = new ArrayList<>();
    private final Map<String, Integer> serviceIds = new HashMap<>();
    private final Map<BlockMeta.Op, Integer> opIds = new HashMap<>();

    int service(String name) {
      String n = name(name);
      Integer id = serviceIds.get(n);
      if (id == null) {
        id = services.size();
        services.add(n);
        serviceIds.put(n, id);
      }
      return id;
    }

    int operation(Span s) {
      BlockMeta.Op op = new BlockMeta.Op(service(s.serviceName()), name(s.operationName()), s.kind().tagValue());
      Integer id = opIds.get(op);
      if (id == null) {
        id = operations.size();
        operations.add(op);
        opIds.put(op, id);
      }
      return id;
    }

    static String name(String s) {
      return s == null ? "" : s;
    }
  }
}
