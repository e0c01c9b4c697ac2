package io.weft.storage.cassandra;

import io.weft.codec.CodecException;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.SummaryRows.Key;
import io.weft.storage.cassandra.SummaryRows.Summary;
import io.weft.wire.ByteSink;
import io.weft.wire.ByteSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pack: the trace summaries ({@link SummaryRows}) of one write for one (service, bucket), one row of
 * {@code trace_packs} (the packed index mode). A search reads a partition's packs newest first and tests
 * each summary here, where the other modes ask Cassandra's indexes: a write then costs Cassandra one row
 * per service instead of index terms per trace. Pure computation, no driver.
 *
 * <p>Body, framed as {@link TraceChunk} frames a chunk (LZ4 when that saves an eighth): {@code u8 version(1)},
 * the pack's distinct strings ({@code uvarint n}, then each as {@code uvarint length, UTF-8}: operations and
 * {@code key=value} tags, which repeat across a write's traces), then {@code uvarint n} summaries, each
 * {@code fixed64 trace high, fixed64 trace low, varint start, varint min duration, varint max - min duration,
 * uvarint n operations, n string indexes, uvarint n tags, n string indexes}. Summaries are sorted by trace id,
 * so the same summaries make the same bytes and the pack id, a hash of them, makes a replay the same row.
 */
record TracePack(String service, long bucket, long minStart, long maxStart, long id, int summaries, byte[] blob) {
  /** Summaries per pack at most, so a huge write makes several rows of modest size. */
  static final int MAX_SUMMARIES = 2000;
  private static final int VERSION = 1;

  /** The packs of a write's summary rows: one per (service, bucket), more if it is huge. */
  static List<TracePack> of(SummaryRows rows) {
    Map<String, List<Map.Entry<Key, Summary>>> byPartition = new LinkedHashMap<>();
    for (Map.Entry<Key, Summary> e : rows.rows.entrySet()) {
      byPartition.computeIfAbsent(e.getKey().service() + '\u0000' + e.getKey().bucket(), k -> new ArrayList<>())
          .add(e);
    }
    List<TracePack> out = new ArrayList<>(byPartition.size());
    Comparator<Map.Entry<Key, Summary>> byTrace = Comparator.comparing(e -> e.getKey().traceId());
    for (List<Map.Entry<Key, Summary>> entries : byPartition.values()) {
      entries.sort(byTrace);
      for (int from = 0; from < entries.size(); from += MAX_SUMMARIES) {
        out.add(pack(entries.subList(from, Math.min(entries.size(), from + MAX_SUMMARIES))));
      }
    }
    return out;
  }

  private static TracePack pack(List<Map.Entry<Key, Summary>> entries) {
    Map<String, Integer> strings = new LinkedHashMap<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Map.Entry<Key, Summary> e : entries) {
      Summary s = e.getValue();
      min = Math.min(min, s.start);
      max = Math.max(max, s.start);
      s.operations.forEach(o -> strings.putIfAbsent(o, strings.size()));
      s.tags.forEach(t -> strings.putIfAbsent(t, strings.size()));
    }
    ByteSink out = new ByteSink(64 + entries.size() * 48);
    out.write(VERSION);
    out.writeUVarint(strings.size());
    for (String s : strings.keySet()) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.writeUVarint(utf8.length);
      out.write(utf8);
    }
    out.writeUVarint(entries.size());
    for (Map.Entry<Key, Summary> e : entries) {
      Summary s = e.getValue();
      out.writeFixed64(e.getKey().traceId().high());
      out.writeFixed64(e.getKey().traceId().low());
      out.writeVarint(s.start);
      out.writeVarint(s.minDuration);
      out.writeVarint(s.maxDuration - s.minDuration);
      out.writeUVarint(s.operations.size());
      s.operations.forEach(o -> out.writeUVarint(strings.get(o)));
      out.writeUVarint(s.tags.size());
      s.tags.forEach(t -> out.writeUVarint(strings.get(t)));
    }
    byte[] raw = out.toByteArray();
    Key first = entries.get(0).getKey();
    return new TracePack(first.service(), first.bucket(), min, max, Blobs.hash(raw), entries.size(),
        TraceChunk.pack(raw));
  }

  /**
   * Adds to {@code out} the traces of a stored pack that meet the scan's conditions as the summary
   * mode's SAI read does (every tag and the operation present, the duration ranges overlapping, the
   * start in {@code [minStart, maxStart]}), each with its start (the latest, if listed twice). A pack
   * lacking one of the asked strings is passed over without reading its summaries. A malformed pack
   * throws {@link CodecException}.
   */
  static void matches(byte[] blob, IndexScan scan, long minStart, long maxStart, Map<TraceId, Long> out) {
    matches(blob, Wanted.of(scan), minStart, maxStart, out);
  }

  /** The same with the scan's conditions prepared once, for the many packs of a page. */
  static void matches(byte[] blob, Wanted wanted, long minStart, long maxStart, Map<TraceId, Long> out) {
    try {
      matches(new ByteSource(TraceChunk.unpack(blob)), wanted, minStart, maxStart, out);
    } catch (IllegalArgumentException e) {
      throw new CodecException("trace pack: " + e.getMessage(), e);
    }
  }

  /** A scan's conditions as a pack tests them: the operation (if {@code op}, first) and tags as UTF-8. */
  record Wanted(boolean op, List<byte[]> strings, long minDuration, long maxDuration) {
    static Wanted of(IndexScan scan) {
      List<byte[]> strings = new ArrayList<>(scan.tags().size() + 1);
      boolean op = scan.a() != null && !scan.a().isEmpty();
      if (op) {
        strings.add(scan.a().getBytes(StandardCharsets.UTF_8));
      }
      for (String t : scan.tags()) {
        strings.add(t.getBytes(StandardCharsets.UTF_8));
      }
      return new Wanted(op, List.copyOf(strings), scan.minDuration(),
          scan.maxDuration() > 0 ? scan.maxDuration() : Long.MAX_VALUE);
    }
  }

  private static void matches(ByteSource in, Wanted wanted, long minStart, long maxStart, Map<TraceId, Long> out) {
    if (in.readByte() != VERSION) {
      throw new CodecException("trace pack of unknown version");
    }
    boolean op = wanted.op();
    int[] index = strings(in, wanted.strings());
    if (index == null) {
      return;
    }
    long minDuration = wanted.minDuration();
    long maxDuration = wanted.maxDuration();
    int n = in.readLength();
    for (int i = 0; i < n; i++) {
      TraceId id = new TraceId(in.readFixed64(), in.readFixed64());
      long start = in.readVarint();
      long lo = in.readVarint();
      long hi = lo + in.readVarint();
      boolean ok = start >= minStart && start <= maxStart && hi >= minDuration && lo <= maxDuration;
      int found = 0; // wanted strings present: each is a distinct string, a summary's sets hold no repeats
      for (int k = in.readLength(), j = 0; j < k; j++) {
        if (in.readUVarint() == (op ? index[0] : -1)) {
          found++;
        }
      }
      for (int k = in.readLength(), j = 0; j < k; j++) {
        long s = in.readUVarint();
        for (int w = op ? 1 : 0; w < index.length; w++) {
          if (s == index[w]) {
            found++;
          }
        }
      }
      if (ok && found == index.length) {
        out.merge(id, start, Math::max);
      }
    }
  }

  /**
   * Reads the string table, noting where each wanted string sits: their indexes in order, or null
   * when one is missing (no summary of this pack can match).
   */
  private static int[] strings(ByteSource in, List<byte[]> wanted) {
    int[] index = new int[wanted.size()];
    Arrays.fill(index, -1);
    int n = in.readLength();
    for (int i = 0; i < n; i++) {
      int length = in.readLength();
      for (int w = 0; w < index.length; w++) {
        if (index[w] < 0 && in.nextEquals(length, wanted.get(w))) {
          index[w] = i;
        }
      }
      in.skip(length);
    }
    for (int i : index) {
      if (i < 0) {
        return null;
      }
    }
    return index;
  }
}
