package io.weft.codec;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Random;

/**
 * Random OTLP export requests built with the generated builders, covering every field the decoder
 * reads or ignores: every AnyValue type (nested arrays and kvlists, unset values inside them, nesting
 * past AnyValues.MAX_DEPTH, string-table references), ids of every length, unknown enum numbers,
 * dropped counts past 2^31, links to the parent and OpenTracing ref types, event names and "event"
 * attributes, scope attributes, entity refs, schema URLs, non-ASCII strings.
 */
final class RandomOtlpRequests {
  private static final String[] STRINGS = {
    "", "service.name", "http.method", "GET", "event", "opentracing.ref_type", "child_of", "follows_from",
    "frontend", "é", "日本語のキー", "emoji 😀🚀", "a\u0000b", "tab\tnew\nline", "x".repeat(70), "ü".repeat(40),
  };
  private static final long[] LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 999, 1000, 1_544_712_660_000_001_999L};
  private static final double[] DOUBLES = {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 1e21, 1.5e-7, 2.0, 0.1};
  private static final int[] COUNTS = {0, 0, 0, 1, 7, -1, Integer.MIN_VALUE};

  private final Random r;

  RandomOtlpRequests(long seed) {
    r = new Random(seed);
  }

  ExportTraceServiceRequest request() {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (int i = r.nextInt(4); i > 0; i--) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder();
      if (r.nextInt(5) > 0) {
        rs.setResource(resource());
      }
      if (r.nextInt(4) == 0) {
        rs.setSchemaUrl(string());
      }
      for (int j = r.nextInt(3); j > 0; j--) {
        ScopeSpans.Builder ss = ScopeSpans.newBuilder();
        if (r.nextInt(4) > 0) {
          ss.setScope(scope());
        }
        if (r.nextInt(4) == 0) {
          ss.setSchemaUrl(string());
        }
        byte[] traceId = bytes(16);
        for (int k = r.nextInt(6); k > 0; k--) {
          ss.addSpans(span(r.nextInt(3) > 0 ? traceId : ids()));
        }
        rs.addScopeSpans(ss);
      }
      req.addResourceSpans(rs);
    }
    return req.build();
  }

  private Resource resource() {
    Resource.Builder b = Resource.newBuilder();
    int service = r.nextInt(4);
    if (service > 0) {
      b.addAttributes(KeyValue.newBuilder().setKey("service.name")
          .setValue(service == 1 ? value(0) : AnyValue.newBuilder().setStringValue("svc-" + r.nextInt(3)).build()));
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      b.addAttributes(keyValue(0));
    }
    if (r.nextInt(5) == 0) {
      b.addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(value(0))); // a second one: not the name
    }
    if (r.nextInt(6) == 0) {
      b.addEntityRefs(EntityRef.newBuilder().setType(string()).setSchemaUrl(string()).addIdKeys(string())
          .addDescriptionKeys(string()));
    }
    return b.setDroppedAttributesCount(count()).build();
  }

  private InstrumentationScope scope() {
    InstrumentationScope.Builder b = InstrumentationScope.newBuilder().setName(string()).setVersion(string());
    for (int i = r.nextInt(3) == 0 ? r.nextInt(3) : 0; i > 0; i--) {
      b.addAttributes(keyValue(0));
    }
    return b.setDroppedAttributesCount(count()).build();
  }

  private Span span(byte[] traceId) {
    byte[] parent = r.nextInt(4) == 0 ? new byte[0] : ids();
    Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(ids()))
        .setParentSpanId(ByteString.copyFrom(parent)).setName(string()).setTraceState(r.nextBoolean() ? "" : string())
        .setKindValue(r.nextInt(8)).setFlags(r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(4))
        .setStartTimeUnixNano(time()).setEndTimeUnixNano(time())
        .setDroppedAttributesCount(count()).setDroppedEventsCount(count()).setDroppedLinksCount(count());
    for (int i = r.nextInt(6); i > 0; i--) {
      b.addAttributes(keyValue(0));
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      Span.Event.Builder e = Span.Event.newBuilder().setName(string()).setTimeUnixNano(time())
          .setDroppedAttributesCount(count());
      for (int j = r.nextInt(3); j > 0; j--) {
        e.addAttributes(keyValue(0));
      }
      b.addEvents(e);
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      b.addLinks(link(traceId, parent));
    }
    if (r.nextBoolean()) {
      b.setStatus(Status.newBuilder().setCodeValue(r.nextInt(4)).setMessage(string()));
    }
    return b.build();
  }

  private Span.Link link(byte[] traceId, byte[] parent) {
    boolean toParent = r.nextInt(3) == 0;
    Span.Link.Builder l = Span.Link.newBuilder()
        .setTraceId(ByteString.copyFrom(toParent || r.nextBoolean() ? traceId : ids()))
        .setSpanId(ByteString.copyFrom(toParent ? parent : ids())).setTraceState(string())
        .setDroppedAttributesCount(count()).setFlags(r.nextInt(3));
    for (int i = r.nextInt(3); i > 0; i--) {
      l.addAttributes(r.nextInt(3) == 0
          ? KeyValue.newBuilder().setKey("opentracing.ref_type").setValue(value(0)).build() : keyValue(0));
    }
    return l.build();
  }

  private KeyValue keyValue(int depth) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(string());
    if (r.nextInt(12) > 0) {
      kv.setValue(value(depth));
    }
    if (r.nextInt(20) == 0) {
      kv.setKeyStrindex(r.nextInt(100));
    }
    return kv.build();
  }

  /** A value of any type; arrays and kvlists nest, sometimes past 32 levels. */
  AnyValue value(int depth) {
    if (depth == 0 && r.nextInt(40) == 0) {
      return deep(28 + r.nextInt(r.nextInt(8) == 0 ? 40 : 12));
    }
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (r.nextInt(depth > 3 ? 5 : 10)) {
      case 0 -> v.setStringValue(string());
      case 1 -> v.setIntValue(LONGS[r.nextInt(LONGS.length)] + r.nextInt(3));
      case 2 -> v.setBoolValue(r.nextBoolean());
      case 3 -> v.setDoubleValue(DOUBLES[r.nextInt(DOUBLES.length)]);
      case 4 -> v.setBytesValue(ByteString.copyFrom(bytes(r.nextInt(5))));
      case 5, 6 -> {
        ArrayValue.Builder a = ArrayValue.newBuilder();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.addValues(r.nextInt(25) == 0 ? AnyValue.getDefaultInstance() : value(depth + 1));
        }
        v.setArrayValue(a);
      }
      case 7 -> {
        KeyValueList.Builder l = KeyValueList.newBuilder();
        for (int i = r.nextInt(4); i > 0; i--) {
          l.addValues(r.nextInt(25) == 0 ? KeyValue.newBuilder().setKey(string()).build() : keyValue(depth + 1));
        }
        v.setKvlistValue(l);
      }
      case 8 -> v.setStringValueStrindex(r.nextInt(10));
      default -> { } // unset
    }
    return v.build();
  }

  /** Arrays and kvlists nested {@code levels} deep around a value (sometimes unset); past ~45 protobuf refuses them. */
  private AnyValue deep(int levels) {
    AnyValue v = r.nextInt(4) == 0 ? AnyValue.getDefaultInstance() : AnyValue.newBuilder().setIntValue(levels).build();
    for (int i = 0; i < levels; i++) {
      v = r.nextInt(4) > 0 ? AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build()
          : AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
              .addValues(KeyValue.newBuilder().setKey("k" + i).setValue(v))).build();
    }
    return v;
  }

  private String string() {
    return r.nextInt(5) == 0 ? "s" + r.nextInt(1000) : STRINGS[r.nextInt(STRINGS.length)];
  }

  private int count() {
    return COUNTS[r.nextInt(COUNTS.length)];
  }

  private long time() {
    return r.nextInt(8) == 0 ? LONGS[r.nextInt(LONGS.length)] : 1_700_000_000_000_000_000L + r.nextInt(1_000_000_000);
  }

  /** Mostly the right lengths (16 for trace ids is the caller's), sometimes empty or wrong. */
  private byte[] ids() {
    int n = r.nextInt(10);
    return bytes(n < 7 ? 8 : n == 7 ? 16 : n == 8 ? 0 : 1 + r.nextInt(17));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    if (n > 0 && r.nextInt(8) == 0) {
      java.util.Arrays.fill(b, (byte) 0);
    }
    return b;
  }
}
