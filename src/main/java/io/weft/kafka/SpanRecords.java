package io.weft.kafka;

import io.weft.wire.SpanBinaryCodec;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records on Weft's span topic.
 *
 * <ul>
 *   <li><b>Key</b>: the trace id, 16 bytes big-endian (high half, then low half; a 64-bit id has a
 *   zero high half). Kafka's partitioner hashes the key, so every span of a trace lands in one
 *   partition, in the order collectors wrote them, and is stored by one ingester.
 *   <li><b>Value</b>: one {@link SpanBinaryCodec} message (its first byte is the format version)
 *   holding the spans of <em>one trace</em> from one collector request. A request's spans are
 *   grouped by trace: a record per trace, not per span, because the spans of a trace share
 *   service, operation and tag names that the message's string table then stores once, and because
 *   fewer, larger records are cheaper for producer, broker and consumer alike. A group whose
 *   message would pass {@link #MAX_VALUE_BYTES} is split into several records with the same key.
 *   <li><b>Timestamp</b>: the producer's clock when the collector accepted the spans (CreateTime);
 *   replay selects by it.
 *   <li><b>Header</b> {@value #TENANT_HEADER}: the tenant, UTF-8, under tenancy; absent without it
 *   (the implicit tenant), and a record without it is the ingesters' default tenant's.
 * </ul>
 */
public final class SpanRecords {
  /** Well under Kafka's default 1 MiB request and message limits, compression or not. */
  public static final int MAX_VALUE_BYTES = 512 * 1024;

  private SpanRecords() {}

  /** One record to produce: key, value, and how many spans the value holds. */
  public record Out(byte[] key, byte[] value, int spans) {
    public int bytes() {
      return key.length + value.length;
    }
  }

  public static List<Out> encode(List<Span> spans) {
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span s : spans) {
      byTrace.computeIfAbsent(s.traceId() == null ? new TraceId(0, 0) : s.traceId(), k -> new ArrayList<>(8)).add(s);
    }
    List<Out> out = new ArrayList<>(byTrace.size());
    for (Map.Entry<TraceId, List<Span>> e : byTrace.entrySet()) {
      add(key(e.getKey()), e.getValue(), out);
    }
    return out;
  }

  private static void add(byte[] key, List<Span> group, List<Out> out) {
    byte[] value = SpanBinaryCodec.encode(group);
    if (value.length <= MAX_VALUE_BYTES || group.size() == 1) {
      out.add(new Out(key, value, group.size()));
      return;
    }
    int half = group.size() / 2;
    add(key, group.subList(0, half), out);
    add(key, group.subList(half, group.size()), out);
  }

  /** The record header naming the tenant whose spans the record holds. */
  public static final String TENANT_HEADER = "weft-tenant";

  /** Sets the tenant header; the implicit tenant (no tenancy) has none, so records stay as they were. */
  public static void tenant(org.apache.kafka.common.header.Headers headers, String tenant) {
    if (!tenant.equals(io.weft.tenant.TenancySettings.IMPLICIT)) {
      headers.add(TENANT_HEADER, tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The tenant a record names, or "" when it names none. */
  public static String tenant(org.apache.kafka.common.header.Headers headers) {
    org.apache.kafka.common.header.Header h = headers.lastHeader(TENANT_HEADER);
    return h == null || h.value() == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  public static byte[] key(TraceId id) {
    byte[] b = new byte[16];
    putLong(b, 0, id.high());
    putLong(b, 8, id.low());
    return b;
  }

  /** The spans of a record value; throws {@link io.weft.codec.CodecException} when it is not one. */
  public static List<Span> decode(byte[] value) {
    if (value == null) {
      throw new io.weft.codec.CodecException("record without a value");
    }
    return SpanBinaryCodec.decode(value);
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
