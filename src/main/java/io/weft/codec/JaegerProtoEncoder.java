package io.weft.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.weft.model.DependencyLink;
import io.weft.model.Ids;
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.proto.jaeger.api_v2.KeyValue;
import io.weft.proto.jaeger.api_v2.SpanRefType;
import io.weft.proto.jaeger.api_v2.ValueType;
import java.util.List;

/**
 * Weft spans in Jaeger's protobuf model ({@code jaeger.api_v2}), as Jaeger's api_v2 query service sends
 * them: trace ids as 16 bytes (high half first) and span ids as 8, big-endian; start time and duration
 * as {@code google.protobuf} Timestamp and Duration; typed tags; and the tags Jaeger shows for kind and
 * status ({@link JaegerTags#effective}). Every span carries its own process, with an empty process id,
 * as in Jaeger's gRPC answers.
 */
public final class JaegerProtoEncoder {
  private JaegerProtoEncoder() {}

  public static io.weft.proto.jaeger.api_v2.Span span(Span s) {
    io.weft.proto.jaeger.api_v2.Span.Builder b = io.weft.proto.jaeger.api_v2.Span.newBuilder()
        .setTraceId(traceId(s.traceId()))
        .setSpanId(spanId(s.spanId()))
        .setOperationName(s.operationName() == null ? "" : s.operationName())
        .setFlags(s.flags())
        .setStartTime(timestamp(s.startTimeMicros()))
        .setDuration(duration(s.durationMicros()))
        .setProcess(process(s.process() == null ? new Process("", List.of()) : s.process()))
        .addAllWarnings(s.warnings());
    for (SpanRef r : s.references()) {
      b.addReferences(io.weft.proto.jaeger.api_v2.SpanRef.newBuilder()
          .setTraceId(traceId(r.traceId()))
          .setSpanId(spanId(r.spanId()))
          .setRefType(r.type() == RefType.FOLLOWS_FROM ? SpanRefType.FOLLOWS_FROM : SpanRefType.CHILD_OF));
    }
    for (Tag t : JaegerTags.effective(s)) {
      b.addTags(keyValue(t));
    }
    for (Log l : s.logs()) {
      io.weft.proto.jaeger.api_v2.Log.Builder log = io.weft.proto.jaeger.api_v2.Log.newBuilder()
          .setTimestamp(timestamp(l.timestampMicros()));
      for (Tag t : l.fields()) {
        log.addFields(keyValue(t));
      }
      b.addLogs(log);
    }
    return b.build();
  }

  public static io.weft.proto.jaeger.api_v2.Process process(Process p) {
    io.weft.proto.jaeger.api_v2.Process.Builder b = io.weft.proto.jaeger.api_v2.Process.newBuilder()
        .setServiceName(p.serviceName() == null ? "" : p.serviceName());
    for (Tag t : p.tags()) {
      b.addTags(keyValue(t));
    }
    return b.build();
  }

  public static KeyValue keyValue(Tag t) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(t.key());
    switch (t.type()) {
      case STRING -> kv.setVType(ValueType.STRING).setVStr((String) t.value());
      case BOOL -> kv.setVType(ValueType.BOOL).setVBool((Boolean) t.value());
      case INT64 -> kv.setVType(ValueType.INT64).setVInt64((Long) t.value());
      case FLOAT64 -> kv.setVType(ValueType.FLOAT64).setVFloat64((Double) t.value());
      case BINARY -> kv.setVType(ValueType.BINARY).setVBinary(ByteString.copyFrom((byte[]) t.value()));
    }
    return kv.build();
  }

  public static io.weft.proto.jaeger.api_v2.DependencyLink dependency(DependencyLink l) {
    return io.weft.proto.jaeger.api_v2.DependencyLink.newBuilder()
        .setParent(l.parent()).setChild(l.child()).setCallCount(l.callCount()).build();
  }

  /** 16 bytes, high half first, as Jaeger's TraceID marshals itself (also for 64-bit ids). */
  public static ByteString traceId(TraceId id) {
    byte[] b = new byte[16];
    System.arraycopy(Ids.toBytes(id.high()), 0, b, 0, 8);
    System.arraycopy(Ids.toBytes(id.low()), 0, b, 8, 8);
    return ByteString.copyFrom(b);
  }

  public static ByteString spanId(long id) {
    return ByteString.copyFrom(Ids.toBytes(id));
  }

  /** Microseconds since the epoch as a Timestamp (nanos never negative, as the type requires). */
  public static Timestamp timestamp(long micros) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(micros, 1_000_000L))
        .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000)
        .build();
  }

  /** Microseconds as a Duration (seconds and nanos share the sign, as the type requires). */
  public static Duration duration(long micros) {
    return Duration.newBuilder()
        .setSeconds(micros / 1_000_000L)
        .setNanos((int) (micros % 1_000_000L) * 1000)
        .build();
  }
}
