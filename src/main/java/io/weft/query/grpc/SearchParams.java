package io.weft.query.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import io.weft.storage.TraceQuery;
import java.util.Base64;
import java.util.Map;

/**
 * The request fields both query APIs share, checked and turned into Weft's types. Each check fails
 * with a {@link BadRequestException} (INVALID_ARGUMENT) naming the field, with Jaeger's wording where
 * Jaeger has one.
 */
final class SearchParams {
  /** Jaeger's api_v3 default when {@code search_depth} is left out (proto3 cannot tell it from 0). */
  static final int DEFAULT_SEARCH_DEPTH = 100;

  private SearchParams() {}

  /** The search fields of either API's TraceQueryParameters (api_v2 calls the attributes "tags"). */
  record Fields(String service, String operation, Map<String, String> attributes, Timestamp startMin,
      boolean hasStartMin, Timestamp startMax, boolean hasStartMax, Duration durationMin, Duration durationMax,
      int searchDepth) {}

  static TraceQuery query(Fields f) {
    if (!f.hasStartMin() || !f.hasStartMax()) {
      throw new BadRequestException("start time min and max are required parameters");
    }
    long min = micros(f.startMin(), "start_time_min");
    long max = micros(f.startMax(), "start_time_max");
    if (max < min) {
      throw new BadRequestException("start_time_max must not be before start_time_min");
    }
    long durationMin = micros(f.durationMin(), "duration_min");
    long durationMax = micros(f.durationMax(), "duration_max");
    if (durationMax != 0 && durationMax < durationMin) {
      throw new BadRequestException("duration_max must not be less than duration_min");
    }
    int depth = f.searchDepth() <= 0 ? DEFAULT_SEARCH_DEPTH : f.searchDepth();
    return new TraceQuery(f.service(), f.operation().isEmpty() ? null : f.operation(), f.attributes(), min, max,
        durationMin, durationMax, depth);
  }

  /** A time range's end points (a dependencies request); both must be set and {@code end} after {@code start}. */
  static long[] range(Timestamp start, boolean hasStart, Timestamp end, boolean hasEnd) {
    if (!hasStart) {
      throw new BadRequestException("start_time is required");
    }
    if (!hasEnd) {
      throw new BadRequestException("end_time is required");
    }
    long s = micros(start, "start_time");
    long e = micros(end, "end_time");
    if (e <= s) {
      throw new BadRequestException("end_time must be after start_time");
    }
    return new long[] {s, e};
  }

  /** api_v3's text trace id: 1 to 32 hex digits, or the base64 of 8 or 16 bytes. */
  static TraceId traceId(String text) {
    if (text.isEmpty()) {
      throw new BadRequestException("trace_id is required");
    }
    TraceId id;
    try {
      id = TraceId.fromHex(text);
    } catch (IllegalArgumentException notHex) {
      id = base64TraceId(text);
    }
    if (id.isZero()) {
      throw new BadRequestException("malformed trace_id \"" + text + "\": the all-zero id is not a trace id");
    }
    return id;
  }

  private static TraceId base64TraceId(String text) {
    try {
      byte[] b = Base64.getDecoder().decode(text);
      return TraceId.fromBytes(b);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("malformed trace_id \"" + text
          + "\": expected 1 to 32 hex digits (or the base64 of 16 bytes)");
    }
  }

  /** api_v2's binary trace id: 16 bytes (or 8 for a 64-bit id), as Jaeger's TraceID reads it. */
  static TraceId traceId(com.google.protobuf.ByteString bytes) {
    if (bytes.isEmpty()) {
      throw new BadRequestException("uninitialized TraceID is not allowed");
    }
    TraceId id;
    try {
      id = TraceId.fromBytes(bytes.toByteArray());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("malformed trace_id: invalid length for TraceID: " + bytes.size()
          + " bytes, expected 16 (or 8)");
    }
    if (id.isZero()) {
      throw new BadRequestException("uninitialized TraceID is not allowed");
    }
    return id;
  }

  static long micros(Timestamp t, String field) {
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999 || t.getSeconds() < -62_135_596_800L
        || t.getSeconds() > 253_402_300_799L) {
      throw new BadRequestException("invalid " + field + ": " + t.getSeconds() + "s " + t.getNanos() + "ns");
    }
    return t.getSeconds() * 1_000_000L + t.getNanos() / 1000;
  }

  static long micros(Duration d, String field) {
    if (d.getSeconds() < 0 || d.getNanos() < 0) {
      throw new BadRequestException("invalid " + field + ": a duration must not be negative");
    }
    if (d.getNanos() > 999_999_999 || d.getSeconds() > 315_576_000_000L) {
      throw new BadRequestException("invalid " + field + ": " + d.getSeconds() + "s " + d.getNanos() + "ns");
    }
    return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNanos() / 1000;
  }
}
