package io.weft.spanmetrics;

import io.weft.wire.ByteSource;
import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.wire.ByteSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Weft's binary form of span-metrics deltas, on Kafka, the event bus and in Cassandra's blobs.
 *
 * <pre>
 * delta   := 'W' 'M' version:u8(1) writer:str seq:uvarint stepMs:uvarint count:uvarint bucket{count}
 * bucket  := startMs:svarint series:block edges:block
 * series  := strings count:uvarint (service:ref operation:ref kind:u8 status:u8 sketch){count}
 * edges   := strings count:uvarint (client:ref server:ref type:ref failed:fixed64 sketch){count}
 * strings := count:uvarint str{count}         ref := uvarint index into the block's strings
 * str     := length:uvarint UTF-8 bytes        sketch := {@link LatencySketch#writeTo}
 * </pre>
 * A series block can also stand alone (one service's cells in a Cassandra row).
 */
public final class DeltaCodec {
  private static final int MAGIC_0 = 'W';
  private static final int MAGIC_1 = 'M';
  private static final int VERSION = 1;
  private static final SpanKind[] KINDS = SpanKind.values();
  private static final StatusCode[] STATUSES = StatusCode.values();

  private DeltaCodec() {}

  /** True when {@code value} starts like a delta (tells a delta record from anything else). */
  public static boolean looksLikeDelta(byte[] value) {
    return value != null && value.length > 3 && value[0] == MAGIC_0 && value[1] == MAGIC_1;
  }

  public static byte[] encode(Delta d) {
    ByteSink out = new ByteSink(1024);
    out.write(MAGIC_0);
    out.write(MAGIC_1);
    out.write(VERSION);
    str(out, d.writer());
    out.writeUVarint(d.seq());
    out.writeUVarint(d.stepMs());
    out.writeUVarint(d.buckets().size());
    for (Delta.Bucket b : d.buckets()) {
      out.writeVarint(b.startMs());
      writeSeries(out, b.series());
      writeEdges(out, b.edges());
    }
    return out.toByteArray();
  }

  /** Decodes a delta; anything malformed is an IllegalArgumentException. */
  public static Delta decode(byte[] bytes) {
    ByteSource in = new ByteSource(bytes);
    if (in.readByte() != MAGIC_0 || in.readByte() != MAGIC_1) {
      throw new IllegalArgumentException("not a span-metrics delta");
    }
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalArgumentException("span-metrics delta version " + version + " (this Weft reads " + VERSION + ")");
    }
    String writer = in.readString();
    long seq = in.readUVarint();
    long step = in.readUVarint();
    int n = in.readLength();
    List<Delta.Bucket> buckets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long start = in.readVarint();
      Map<SeriesKey, Cell> series = new LinkedHashMap<>();
      readSeries(in, series::put);
      Map<EdgeKey, EdgeCell> edges = new LinkedHashMap<>();
      readEdges(in, edges::put);
      buckets.add(new Delta.Bucket(start, series, edges));
    }
    return new Delta(writer, seq, step, buckets);
  }

  /** One series block alone. */
  public static byte[] seriesBlock(Map<SeriesKey, Cell> cells) {
    ByteSink out = new ByteSink(64 + cells.size() * 64);
    writeSeries(out, cells);
    return out.toByteArray();
  }

  public static void readSeriesBlock(byte[] block, BiConsumer<SeriesKey, Cell> to) {
    readSeries(new ByteSource(block), to);
  }

  public static byte[] edgesBlock(Map<EdgeKey, EdgeCell> edges) {
    ByteSink out = new ByteSink(64 + edges.size() * 64);
    writeEdges(out, edges);
    return out.toByteArray();
  }

  public static void readEdgesBlock(byte[] block, BiConsumer<EdgeKey, EdgeCell> to) {
    readEdges(new ByteSource(block), to);
  }

  private static void writeSeries(ByteSink out, Map<SeriesKey, Cell> cells) {
    Strings strings = new Strings();
    for (SeriesKey k : cells.keySet()) {
      strings.ref(k.service());
      strings.ref(k.operation());
    }
    strings.writeTo(out);
    out.writeUVarint(cells.size());
    for (Map.Entry<SeriesKey, Cell> e : cells.entrySet()) {
      SeriesKey k = e.getKey();
      out.writeUVarint(strings.ref(k.service()));
      out.writeUVarint(strings.ref(k.operation()));
      out.write(k.kind().ordinal());
      out.write(k.status().ordinal());
      e.getValue().writeTo(out);
    }
  }

  private static void readSeries(ByteSource in, BiConsumer<SeriesKey, Cell> to) {
    String[] strings = readStrings(in);
    int n = in.readLength();
    for (int i = 0; i < n; i++) {
      String service = string(strings, in.readUVarint());
      String op = string(strings, in.readUVarint());
      SpanKind kind = KINDS[bounded(in.readByte(), KINDS.length, "span kind")];
      StatusCode status = STATUSES[bounded(in.readByte(), STATUSES.length, "status")];
      to.accept(new SeriesKey(service, op, kind, status), Cell.readFrom(in));
    }
  }

  private static void writeEdges(ByteSink out, Map<EdgeKey, EdgeCell> edges) {
    Strings strings = new Strings();
    for (EdgeKey k : edges.keySet()) {
      strings.ref(k.client());
      strings.ref(k.server());
      strings.ref(k.connectionType());
    }
    strings.writeTo(out);
    out.writeUVarint(edges.size());
    for (Map.Entry<EdgeKey, EdgeCell> e : edges.entrySet()) {
      EdgeKey k = e.getKey();
      out.writeUVarint(strings.ref(k.client()));
      out.writeUVarint(strings.ref(k.server()));
      out.writeUVarint(strings.ref(k.connectionType()));
      e.getValue().writeTo(out);
    }
  }

  private static void readEdges(ByteSource in, BiConsumer<EdgeKey, EdgeCell> to) {
    String[] strings = readStrings(in);
    int n = in.readLength();
    for (int i = 0; i < n; i++) {
      EdgeKey k = new EdgeKey(string(strings, in.readUVarint()), string(strings, in.readUVarint()),
          string(strings, in.readUVarint()));
      to.accept(k, EdgeCell.readFrom(in));
    }
  }

  private static String[] readStrings(ByteSource in) {
    int n = in.readLength();
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = in.readString();
    }
    return s;
  }

  private static String string(String[] table, long ref) {
    if (ref < 0 || ref >= table.length) {
      throw new IllegalArgumentException("string reference " + ref + " out of range");
    }
    return table[(int) ref];
  }

  private static int bounded(int v, int size, String what) {
    if (v >= size) {
      throw new IllegalArgumentException("unknown " + what + " " + v);
    }
    return v;
  }

  private static void str(ByteSink out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeUVarint(b.length);
    out.write(b);
  }

  /** A block's string table, in first-use order. */
  private static final class Strings {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> list = new ArrayList<>();

    int ref(String s) {
      Integer i = index.get(s);
      if (i == null) {
        i = list.size();
        index.put(s, i);
        list.add(s);
      }
      return i;
    }

    void writeTo(ByteSink out) {
      out.writeUVarint(list.size());
      for (String s : list) {
        str(out, s);
      }
    }
  }
}
