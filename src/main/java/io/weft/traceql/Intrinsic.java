package io.weft.traceql;

import io.weft.model.Ids;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * TraceQL's intrinsic fields, with the names a query may use for each (the old unscoped ones and
 * the scoped ones) and how Weft's span model gives them. Durations are nanoseconds; ids are hex
 * (trace ids as Weft prints them: 16 digits for a 64-bit id, else 32).
 */
enum Intrinsic {
  NAME(ValueType.STRING, "name", "span:name"),
  STATUS(ValueType.STATUS, "status", "span:status"),
  STATUS_MESSAGE(ValueType.STRING, "statusMessage", "span:statusMessage"),
  KIND(ValueType.KIND, "kind", "span:kind"),
  DURATION(ValueType.DURATION, "duration", "span:duration"),
  SPAN_ID(ValueType.STRING, "span:id"),
  PARENT_ID(ValueType.STRING, "span:parentID"),
  CHILD_COUNT(ValueType.INT, "span:childCount"),
  TRACE_DURATION(ValueType.DURATION, "traceDuration", "trace:duration"),
  ROOT_NAME(ValueType.STRING, "rootName", "trace:rootName"),
  ROOT_SERVICE(ValueType.STRING, "rootServiceName", "trace:rootService"),
  TRACE_ID(ValueType.STRING, "trace:id"),
  EVENT_NAME(ValueType.STRING, "event:name"),
  EVENT_TIME_SINCE_START(ValueType.DURATION, "event:timeSinceStart"),
  LINK_TRACE_ID(ValueType.STRING, "link:traceID"),
  LINK_SPAN_ID(ValueType.STRING, "link:spanID"),
  INSTRUMENTATION_NAME(ValueType.STRING, "instrumentation:name"),
  INSTRUMENTATION_VERSION(ValueType.STRING, "instrumentation:version");

  /** The field of a log that holds the OTel event's name (see the OTLP decoder). */
  static final String EVENT_NAME_FIELD = "event";

  final ValueType type;
  final String[] names;

  Intrinsic(ValueType type, String... names) {
    this.type = type;
    this.names = names;
  }

  /** The intrinsic a name denotes ({@code duration}, {@code span:duration} ...), or null. */
  static Intrinsic named(String name) {
    for (Intrinsic i : values()) {
      for (String n : i.names) {
        if (n.equals(name)) {
          return i;
        }
      }
    }
    return null;
  }

  /** The preferred, scoped name. */
  String canonicalName() {
    return names[names.length - 1];
  }

  boolean multi() {
    return this == EVENT_NAME || this == EVENT_TIME_SINCE_START || this == LINK_TRACE_ID || this == LINK_SPAN_ID;
  }

  Value eval(TraceView t, int i) {
    Span s = t.span(i);
    return switch (this) {
      case NAME -> s.operationName() == null ? Value.NIL : Value.ofString(s.operationName());
      case STATUS -> Value.ofStatus(SpanFields.status(s));
      case STATUS_MESSAGE -> Value.ofString(SpanFields.statusMessage(s));
      case KIND -> Value.ofKind(s.kind());
      case DURATION -> Value.ofDuration(s.durationMicros() * 1000);
      case SPAN_ID -> Value.ofString(Ids.hex16(s.spanId()));
      case PARENT_ID -> s.parentSpanId() == 0 ? Value.NIL : Value.ofString(Ids.hex16(s.parentSpanId()));
      case CHILD_COUNT -> Value.ofInt(t.childCount(i));
      case TRACE_DURATION -> Value.ofDuration(t.durationNanos());
      case ROOT_NAME -> t.root() < 0 || t.span(t.root()).operationName() == null ? Value.NIL
          : Value.ofString(t.span(t.root()).operationName());
      case ROOT_SERVICE -> t.root() < 0 || t.span(t.root()).serviceName() == null ? Value.NIL
          : Value.ofString(t.span(t.root()).serviceName());
      case TRACE_ID -> s.traceId() == null ? Value.NIL : Value.ofString(s.traceId().toHex());
      case INSTRUMENTATION_NAME -> SpanFields.instrumentationAttribute(s, "name");
      case INSTRUMENTATION_VERSION -> SpanFields.instrumentationAttribute(s, "version");
      case EVENT_NAME, EVENT_TIME_SINCE_START, LINK_TRACE_ID, LINK_SPAN_ID -> {
        List<Value> all = all(t, i);
        yield all.isEmpty() ? Value.NIL : all.get(0);
      }
    };
  }

  List<Value> all(TraceView t, int i) {
    Span s = t.span(i);
    List<Value> out = new ArrayList<>(0);
    switch (this) {
      case EVENT_NAME -> {
        for (Log l : s.logs()) {
          Tag f = SpanFields.find(l.fields(), EVENT_NAME_FIELD);
          if (f != null) {
            out.add(Value.ofString(f.valueAsString()));
          }
        }
      }
      case EVENT_TIME_SINCE_START -> {
        for (Log l : s.logs()) {
          out.add(Value.ofDuration((l.timestampMicros() - s.startTimeMicros()) * 1000));
        }
      }
      case LINK_TRACE_ID -> {
        for (SpanRef r : SpanFields.links(s)) {
          out.add(Value.ofString(r.traceId().toHex()));
        }
      }
      case LINK_SPAN_ID -> {
        for (SpanRef r : SpanFields.links(s)) {
          out.add(Value.ofString(Ids.hex16(r.spanId())));
        }
      }
      default -> {
        Value v = eval(t, i);
        return v.isNil() ? List.of() : List.of(v);
      }
    }
    return out;
  }
}
