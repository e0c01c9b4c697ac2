package io.weft.kafka;

import io.weft.codec.CodecException;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.tenant.TenancySettings;
import io.weft.wire.ByteSink;
import io.weft.wire.SpanBinaryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The records on Weft's span topic. A collector request's spans are grouped by trace, each trace's
 * spans encoded as one {@link SpanBinaryCodec} message (a trace's spans share service, operation and
 * tag names that the message's string table stores once), and the messages of the traces that hash to
 * one partition go in one record:
 *
 * <ul>
 *   <li><b>Partition</b>: each trace's, as Kafka's default partitioner picks it for a record keyed by
 *   the trace id (murmur2 of the 16-byte key), so every span of a trace lands in one partition, in the
 *   order collectors wrote them, whatever record holds it (collectors writing one record per trace put
 *   it there too), and is stored, or tail-sampled, by the one ingester reading it.
 *   <li><b>Key</b>: the trace id, 16 bytes big-endian (high half, then low half; a 64-bit id has a
 *   zero high half) when the record holds one trace; none when it holds several.
 *   <li><b>Value</b>, either of:
 *   <pre>
 *   one trace:    a SpanBinaryCodec message (its first byte is the codec's version, 1 or 2)
 *   many traces:  0x81 count:uvarint (length:uvarint message){count}   -- each message one trace's spans
 *   </pre>
 *   Several traces per record because a 512-span request of 8-span traces made 64 records over 32
 *   partitions: producer batches of one or two records, each paying its own framing, compression,
 *   validation and append at the producer, broker and consumer. A message stays per trace so an
 *   ingester hands each to storage as it is (the memory store keeps it as the trace's chunk) without
 *   encoding it again. Values stay under {@link #MAX_VALUE_BYTES}: a partition's traces fill several
 *   records if need be, and a trace whose message would pass it is split into several messages.
 *   <li><b>Timestamp</b>: the producer's clock when the collector accepted the spans (CreateTime);
 *   replay selects by it.
 *   <li><b>Header</b> {@value #TENANT_HEADER}: the tenant, UTF-8, under tenancy; absent without it
 *   (the implicit tenant), and a record without it is the ingesters' default tenant's.
 * </ul>
 *
 * Ingesters read both values; collectors before this format wrote only the first, one record per trace.
 */
public final class SpanRecords {
  /** Well under Kafka's default 1 MiB request and message limits, compression or not. */
  public static final int MAX_VALUE_BYTES = 512 * 1024;
  /** The first byte of a value holding several traces' messages; SpanBinaryCodec's versions are small numbers. */
  public static final int MANY_TRACES = 0x81;
  /** The record header naming the tenant whose spans the record holds. */
  public static final String TENANT_HEADER = "weft-tenant";

  private SpanRecords() {}

  /**
   * One record to produce: key (null for several traces), value, how many spans the value holds, and
   * its partition (-1: the producer's partitioner picks it from the key).
   */
  public record Out(byte[] key, byte[] value, int spans, int partition) {
    public int bytes() {
      return (key == null ? 0 : key.length) + value.length;
    }
  }

  /** One record per trace, partitioned by the producer from its key (the format before records per partition). */
  public static List<Out> encode(List<Span> spans) {
    List<Out> out = new ArrayList<>();
    Messages messages = new Messages();
    for (Map.Entry<TraceId, List<Span>> e : byTrace(spans).entrySet()) {
      byte[] key = key(e.getKey());
      for (Message m : messages.of(e.getValue())) {
        out.add(new Out(key, m.bytes(), m.spans(), -1));
      }
    }
    return out;
  }

  /**
   * A record per partition of a topic of {@code partitions} partitions that the spans' traces hash to
   * (more when they pass {@link #MAX_VALUE_BYTES}), each holding its traces' messages in first-seen order.
   */
  public static List<Out> encode(List<Span> spans, int partitions) {
    Map<Integer, Group> byPartition = new LinkedHashMap<>();
    Messages messages = new Messages();
    for (Map.Entry<TraceId, List<Span>> e : byTrace(spans).entrySet()) {
      byte[] key = key(e.getKey());
      int partition = partition(key, partitions);
      Group g = byPartition.computeIfAbsent(partition, p -> new Group());
      for (Message m : messages.of(e.getValue())) {
        g.add(key, m);
      }
    }
    List<Out> out = new ArrayList<>(byPartition.size());
    byPartition.forEach((partition, g) -> g.emit(partition, out));
    return out;
  }

  /** Kafka's default partitioner's choice for a record with this key: what a one-trace record gets. */
  public static int partition(byte[] key, int partitions) {
    return BuiltInPartitioner.partitionForKey(key, partitions);
  }

  private static Map<TraceId, List<Span>> byTrace(List<Span> spans) {
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>(Math.max(16, spans.size() / 4));
    for (Span s : spans) {
      byTrace.computeIfAbsent(s.traceId() == null ? new TraceId(0, 0) : s.traceId(), k -> new ArrayList<>(8)).add(s);
    }
    return byTrace;
  }

  /** One message: its bytes and how many spans they hold. */
  private record Message(byte[] bytes, int spans) {}

  /** One encoding's writer and scratch buffer, reused from trace to trace. */
  private static final class Messages {
    private final SpanBinaryCodec.Writer writer = new SpanBinaryCodec.Writer();
    private final ByteSink scratch = new ByteSink(8192);

    /** One trace's spans as messages, halved until each is under the limit (or a single span). */
    List<Message> of(List<Span> group) {
      List<Message> out = new ArrayList<>(1);
      split(group, out);
      return out;
    }

    private void split(List<Span> group, List<Message> out) {
      scratch.reset();
      writer.write(group, scratch);
      // The bound leaves room for the many-traces framing around the message.
      if (scratch.size() <= MAX_VALUE_BYTES - 16 || group.size() == 1) {
        out.add(new Message(scratch.toByteArray(), group.size()));
        return;
      }
      int half = group.size() / 2;
      split(group.subList(0, half), out);
      split(group.subList(half, group.size()), out);
    }
  }

  /** The traces' messages of one partition, packed into values under the limit. */
  private static final class Group {
    private final List<byte[]> keys = new ArrayList<>(4);
    private final List<Message> messages = new ArrayList<>(4);

    void add(byte[] key, Message m) {
      keys.add(key);
      messages.add(m);
    }

    void emit(int partition, List<Out> out) {
      int from = 0;
      while (from < messages.size()) {
        int to = from + 1;
        long bytes = framed(messages.get(from));
        while (to < messages.size() && 6 + bytes + framed(messages.get(to)) <= MAX_VALUE_BYTES) {
          bytes += framed(messages.get(to++));
        }
        out.add(to - from == 1 ? new Out(keys.get(from), messages.get(from).bytes(), messages.get(from).spans(), partition)
            : pack(from, to, 1 + uvarintSize(to - from) + (int) bytes, partition));
        from = to;
      }
    }

    private Out pack(int from, int to, int bytes, int partition) {
      ByteSink sink = new ByteSink(bytes);
      sink.write(MANY_TRACES);
      sink.writeUVarint(to - from);
      int n = 0;
      for (int i = from; i < to; i++) {
        Message m = messages.get(i);
        sink.writeUVarint(m.bytes().length);
        sink.write(m.bytes());
        n += m.spans();
      }
      // Sized exactly, so the sink's array is the value (unless a tiny last message made it grow).
      return new Out(null, sink.size() == sink.array().length ? sink.array() : sink.toByteArray(), n, partition);
    }

    private static int framed(Message m) {
      return uvarintSize(m.bytes().length) + m.bytes().length;
    }

    private static int uvarintSize(int v) {
      return v < 1 << 7 ? 1 : v < 1 << 14 ? 2 : v < 1 << 21 ? 3 : v < 1 << 28 ? 4 : 5;
    }
  }

  /**
   * The span messages a record value holds, each one trace's spans as collectors write them (a value
   * of another writer may mix traces in a message); throws {@link CodecException} when the value is
   * neither form. The messages themselves are not checked here: decoding them does.
   */
  public static List<byte[]> messages(byte[] value) {
    if (value == null || value.length == 0) {
      throw new CodecException(value == null ? "record without a value" : "empty record value");
    }
    if ((value[0] & 0xFF) != MANY_TRACES) {
      return List.of(value);
    }
    int[] pos = {1};
    long count = uvarint(value, pos);
    if (count < 1 || count > value.length - pos[0]) {
      throw new CodecException("record of " + count + " traces in " + value.length + " bytes");
    }
    List<byte[]> out = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      long length = uvarint(value, pos);
      if (length < 1 || length > value.length - pos[0]) {
        throw new CodecException("trace message " + i + " of " + length + " bytes past the record's end");
      }
      out.add(Arrays.copyOfRange(value, pos[0], pos[0] + (int) length));
      pos[0] += (int) length;
    }
    if (pos[0] != value.length) {
      throw new CodecException((value.length - pos[0]) + " unexpected bytes after the record's last trace");
    }
    return out;
  }

  /** Every span of a record value, in order; throws {@link CodecException} when it is not a span record. */
  public static List<Span> decode(byte[] value) {
    List<byte[]> messages = messages(value);
    if (messages.size() == 1) {
      return SpanBinaryCodec.decode(messages.get(0));
    }
    List<Span> out = new ArrayList<>();
    for (byte[] m : messages) {
      out.addAll(SpanBinaryCodec.decode(m));
    }
    return out;
  }

  private static long uvarint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new CodecException("truncated record value");
      }
      int x = b[pos[0]++] & 0xFF;
      v |= (long) (x & 0x7F) << shift;
      if (x < 0x80) {
        return v;
      }
    }
    throw new CodecException("varint too long in record value");
  }

  /** Sets the tenant header; the implicit tenant (no tenancy) has none, so records stay as they were. */
  public static void tenant(Headers headers, String tenant) {
    if (!tenant.equals(TenancySettings.IMPLICIT)) {
      headers.add(TENANT_HEADER, tenant.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The tenant a record names, or "" when it names none. */
  public static String tenant(Headers headers) {
    Header h = headers.lastHeader(TENANT_HEADER);
    return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  public static byte[] key(TraceId id) {
    byte[] b = new byte[16];
    putLong(b, 0, id.high());
    putLong(b, 8, id.low());
    return b;
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
