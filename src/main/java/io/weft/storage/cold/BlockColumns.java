package io.weft.storage.cold;

import io.weft.model.Span;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceQuery;
import io.weft.wire.ByteSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A block's search columns, one value per trace or per span in the pages' order, so a search tests
 * service, operation, duration and start without decoding a span (predicate push-down), and reads
 * only the pages of the traces that pass. Tags are pruned per row group of pages by a Bloom filter of
 * the group's tags ({@link TagHashes}). Serialized (then zstd):
 * <pre>
 * traces:uvarint minStart:fixed64 spanCount:uvarint{traces} startOffset:uvarint{traces}
 * service:uvarint{spans} operation:uvarint{spans} duration:svarint{spans}
 * groups:uvarint (length:uvarint bloom){groups}
 * </pre>
 */
final class BlockColumns {
  private final int[] firstSpan;
  private final long[] starts;
  private final int[] services;
  private final int[] operations;
  private final long[] durations;
  private final BloomFilter[] groups;

  private BlockColumns(int[] firstSpan, long[] starts, int[] services, int[] operations, long[] durations,
      BloomFilter[] groups) {
    this.firstSpan = firstSpan;
    this.starts = starts;
    this.services = services;
    this.operations = operations;
    this.durations = durations;
    this.groups = groups;
  }

  int traces() {
    return starts.length;
  }

  long start(int row) {
    return starts[row];
  }

  /** The trace rows that may match: a span with the service, operation and duration, a start in range, and every tag in its group. */
  List<Integer> candidates(TraceQuery q, BlockMeta meta, PageIndex pages) {
    int service = -1;
    if (q.service() != null && !q.service().isEmpty()) {
      service = meta.services().indexOf(q.service());
      if (service < 0) {
        return List.of();
      }
    }
    boolean[] opOk = null;
    if (q.operation() != null && !q.operation().isEmpty()) {
      opOk = new boolean[meta.operations().size()];
      boolean any = false;
      for (int i = 0; i < opOk.length; i++) {
        BlockMeta.Op o = meta.operations().get(i);
        opOk[i] = o.name().equals(q.operation()) && (service < 0 || o.service() == service);
        any |= opOk[i];
      }
      if (!any) {
        return List.of();
      }
    }
    long[] tagHashes = new long[q.tags().size()];
    int k = 0;
    for (Map.Entry<String, String> t : q.tags().entrySet()) {
      tagHashes[k++] = BloomFilter.hash(t.getKey(), t.getValue());
    }
    boolean[] groupOk = new boolean[groups.length];
    for (int g = 0; g < groups.length; g++) {
      groupOk[g] = true;
      for (long h : tagHashes) {
        groupOk[g] &= groups[g].mightContain(h);
      }
    }
    SpanMatcher range = new SpanMatcher(q);
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < starts.length; t++) {
      if (!range.startInRange(starts[t]) || !groupOk[pages.pageOfRow(t) / BlockWriter.PAGES_PER_GROUP]) {
        continue;
      }
      for (int s = firstSpan[t]; s < firstSpan[t + 1]; s++) {
        if ((service < 0 || services[s] == service) && (opOk == null || opOk[operations[s]])
            && (q.durationMinMicros() == 0 || durations[s] >= q.durationMinMicros())
            && (q.durationMaxMicros() == 0 || durations[s] <= q.durationMaxMicros())) {
          out.add(t);
          break;
        }
      }
    }
    return out;
  }

  long sizeBytes() {
    long bloom = 0;
    for (BloomFilter g : groups) {
      bloom += g.sizeBytes();
    }
    return firstSpan.length * 4L + starts.length * 8L + services.length * 16L + bloom;
  }

  static BlockColumns read(byte[] b) {
    ByteSource in = new ByteSource(b);
    int traces = in.count();
    long minStart = in.fixed64();
    int[] first = new int[traces + 1];
    for (int t = 0; t < traces; t++) {
      first[t + 1] = Math.addExact(first[t], in.count());
    }
    long[] starts = new long[traces];
    for (int t = 0; t < traces; t++) {
      starts[t] = minStart + in.uvarint();
    }
    int spans = first[traces];
    if (spans > b.length) {
      throw new IllegalArgumentException("span count larger than the columns");
    }
    int[] services = new int[spans];
    int[] operations = new int[spans];
    long[] durations = new long[spans];
    for (int s = 0; s < spans; s++) {
      services[s] = in.count();
    }
    for (int s = 0; s < spans; s++) {
      operations[s] = in.count();
    }
    for (int s = 0; s < spans; s++) {
      durations[s] = in.varint();
    }
    int n = in.count();
    BloomFilter[] groups = new BloomFilter[n];
    for (int g = 0; g < n; g++) {
      int len = in.count();
      int at = in.position();
      in.skip(len);
      groups[g] = BloomFilter.read(ByteBuffer.wrap(b, at, len));
    }
    in.expectEnd();
    return new BlockColumns(first, starts, services, operations, durations, groups);
  }

  static final class Builder {
    private final ByteSink spanCounts;
    private final List<Long> starts;
    private final ByteSink services = new ByteSink(4096);
    private final ByteSink operations = new ByteSink(4096);
    private final ByteSink durations = new ByteSink(4096);
    private final List<byte[]> groups = new ArrayList<>();

    Builder(int traces) {
      this.spanCounts = new ByteSink(traces + 16);
      this.starts = new ArrayList<>(traces);
    }

    void addTrace(List<Span> trace, long start, BlockWriter.Dictionaries dict) {
      spanCounts.writeUVarint(trace.size());
      starts.add(start);
      for (Span s : trace) {
        services.writeUVarint(dict.service(s.serviceName()));
        operations.writeUVarint(dict.operation(s));
        durations.writeVarint(s.durationMicros());
      }
    }

    void addGroup(BloomFilter tags) {
      groups.add(tags.toBytes());
    }

    byte[] toBytes(long minStart) {
      ByteSink out = new ByteSink(spanCounts.size() + services.size() * 4 + starts.size() * 5 + 64);
      out.writeUVarint(starts.size());
      out.writeFixed64(starts.isEmpty() ? 0 : minStart);
      out.write(spanCounts.array(), 0, spanCounts.size());
      for (long s : starts) {
        out.writeUVarint(s - minStart);
      }
      out.write(services.array(), 0, services.size());
      out.write(operations.array(), 0, operations.size());
      out.write(durations.array(), 0, durations.size());
      out.writeUVarint(groups.size());
      for (byte[] g : groups) {
        out.writeUVarint(g.length);
        out.write(g);
      }
      return out.toByteArray();
    }
  }
}
