package io.weft.tracegen;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Builds request bodies of realistic multi-service traces. Encoding is the costly part, so each
 * body is built once as a template and sent many times with fresh trace ids patched in place:
 * the generator then spends little of the CPU it shares with the node it measures.
 */
final class TracePayloads {
  private static final String[] OPS = {"GET /api/orders", "POST /api/checkout", "SELECT orders", "cache.get",
      "publish order.created", "GET /api/users/{id}", "charge-card", "render"};

  /** Server spans answer 200, or 500 when they fail, as HTTP servers do. */
  static final String HTTP_STATUS = "http.status_code";

  private final TraceGenSettings s;
  private final SplittableRandom random;
  /** How far before now the traces encoded next start ({@code --backfill}). */
  private long backNanos;

  TracePayloads(TraceGenSettings s, long seed) {
    this.s = s;
    this.random = new SplittableRandom(seed);
  }

  /** A body template plus where each trace id sits in it. */
  record Template(byte[] bytes, List<int[]> traceIdOffsets, TraceIdFormat ids, int spans) {
    /**
     * A copy with new random trace ids; the same trace keeps one id across its spans. The body's first
     * trace id is copied into {@code firstId}.
     */
    byte[] fresh(SplittableRandom rnd, byte[] firstId) {
      byte[] out = bytes.clone();
      byte[] id = new byte[16];
      for (int[] offsets : traceIdOffsets) {
        for (int i = 0; i < 16; i++) {
          id[i] = (byte) rnd.nextInt(256);
        }
        if (offsets == traceIdOffsets.get(0)) {
          System.arraycopy(id, 0, firstId, 0, 16);
        }
        for (int off : offsets) {
          ids.write(out, off, id);
        }
      }
      return out;
    }

    /** A copy with every trace id set to {@code id}: the next part of a trace sent in parts. */
    byte[] withTraceId(byte[] id) {
      byte[] out = bytes.clone();
      for (int[] offsets : traceIdOffsets) {
        for (int off : offsets) {
          ids.write(out, off, id);
        }
      }
      return out;
    }
  }

  /** One generated span, before encoding. */
  private record GenSpan(byte[] traceId, long spanId, long parentId, String service, String op, int kind,
      long startNanos, long durationNanos, boolean error, int depth) {}

  /**
   * A body of {@code --batch} spans in traces of {@code --spans-per-trace}, the last trace smaller if the
   * batch is not a multiple: bodies of an exact size, for benchmarks of the decoders.
   */
  Template next() {
    List<GenSpan> spans = new ArrayList<>();
    List<byte[]> traceIds = new ArrayList<>();
    while (spans.size() < s.batch()) {
      byte[] tid = traceId();
      traceIds.add(tid);
      spans.addAll(trace(tid, Math.min(s.spansPerTrace(), s.batch() - spans.size())));
    }
    return encode(spans, traceIds);
  }

  /** A body of {@code traces} whole traces of {@code traceSpans} spans each. */
  Template wholeTraces(int traces, int traceSpans) {
    List<GenSpan> spans = new ArrayList<>();
    List<byte[]> traceIds = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      byte[] tid = traceId();
      traceIds.add(tid);
      spans.addAll(trace(tid, traceSpans));
    }
    return encode(spans, traceIds);
  }

  /**
   * One trace of {@code traceSpans} spans as consecutive bodies of at most {@code partSpans} spans each;
   * send them all under one id ({@link Template#withTraceId}).
   */
  List<Template> traceInParts(int traceSpans, int partSpans) {
    byte[] tid = traceId();
    List<GenSpan> spans = trace(tid, traceSpans);
    List<Template> parts = new ArrayList<>();
    for (int from = 0; from < spans.size(); from += partSpans) {
      parts.add(encode(spans.subList(from, Math.min(spans.size(), from + partSpans)), List.of(tid)));
    }
    return parts;
  }

  int variants() {
    return s.variants();
  }

  /**
   * With {@code --backfill}: the traces encoded next start at the middle of the {@code variant}-th of
   * {@code variants} equal parts of the window before now (a lone template: anywhere in it).
   */
  void backdate(int variant, int variants) {
    long window = s.backfillMicros() * 1000;
    if (window <= 0) {
      return;
    }
    backNanos = variants > 1 ? window / variants * variant + window / variants / 2 : random.nextLong(window);
  }

  private String op(int i) {
    return s.operations() > 0 ? "op-" + random.nextInt(s.operations()) : OPS[i % OPS.length];
  }

  private byte[] traceId() {
    byte[] tid = new byte[16];
    for (int i = 0; i < 16; i++) {
      tid[i] = (byte) random.nextInt(256);
    }
    return tid;
  }

  private Template encode(List<GenSpan> spans, List<byte[]> traceIds) {
    if (s.protocol().equals("otlp-http-json")) {
      throw new IllegalArgumentException("otlp-http-json is not supported by tracegen; use otlp-http");
    }
    TraceIdFormat ids = TraceIdFormat.of(s.protocol());
    byte[] body = switch (ids) {
      case HEX32 -> zipkinJson(spans);
      case VARINT10 -> JaegerDatagrams.emitBatch(spans.get(0).service(), spans.stream().map(g -> new JaegerDatagrams.Span(
          g.traceId(), g.spanId(), g.parentId(), g.op(), g.kind(), g.startNanos(), g.durationNanos(), g.error(),
          tagValues(), s.events())).toList());
      case RAW16 -> otlp(spans).toByteArray();
    };
    List<int[]> offsets = new ArrayList<>();
    for (byte[] tid : traceIds) {
      offsets.add(ids.offsetsIn(body, tid));
    }
    return new Template(body, offsets, ids, spans.size());
  }

  /** A tree: a root on the first service, children fanned out over the others, down to the depth. */
  private List<GenSpan> trace(byte[] tid, int count) {
    long now = System.currentTimeMillis() * 1_000_000L - backNanos;
    long rootDur = 50_000_000L + random.nextLong(200_000_000L);
    List<GenSpan> trace = new ArrayList<>();
    trace.add(new GenSpan(tid, random.nextLong() | 1, 0, service(0), op(0), 2, now - rootDur, rootDur,
        random.nextDouble() < s.errorRate(), 0));
    for (int i = 1; trace.size() < count; i++) {
      GenSpan parent = trace.get(Math.max(0, (i - 1) / Math.max(1, s.fanout())));
      if (parent.depth() + 1 >= s.depth()) {
        parent = trace.get(0);
      }
      long dur = Math.max(1000, parent.durationNanos() / (2 + random.nextInt(3)));
      long start = parent.startNanos() + random.nextLong(Math.max(1, parent.durationNanos() - dur));
      int kind = 2 + (i % 2); // alternate server / client
      trace.add(new GenSpan(tid, random.nextLong() | 1, parent.spanId(), service(i), op(i), kind, start,
          dur, random.nextDouble() < s.errorRate(), parent.depth() + 1));
    }
    return trace;
  }

  private String service(int i) {
    return "service-" + (char) ('a' + (i % s.services()));
  }

  private ExportTraceServiceRequest otlp(List<GenSpan> spans) {
    Map<String, ScopeSpans.Builder> byService = new HashMap<>();
    for (GenSpan g : spans) {
      io.opentelemetry.proto.trace.v1.Span.Builder b = io.opentelemetry.proto.trace.v1.Span.newBuilder()
          .setTraceId(ByteString.copyFrom(g.traceId()))
          .setSpanId(ByteString.copyFrom(io.weft.model.Ids.toBytes(g.spanId())))
          .setName(g.op())
          .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.forNumber(g.kind()))
          .setStartTimeUnixNano(g.startNanos())
          .setEndTimeUnixNano(g.startNanos() + g.durationNanos());
      if (g.parentId() != 0) {
        b.setParentSpanId(ByteString.copyFrom(io.weft.model.Ids.toBytes(g.parentId())));
      }
      for (int t = 0; t < s.tags(); t++) {
        b.addAttributes(kv("tag." + t, "value-" + random.nextInt(1000) + pad()));
      }
      for (int e = 0; e < s.events(); e++) {
        b.addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("event-" + e)
            .setTimeUnixNano(g.startNanos() + g.durationNanos() / 2).addAttributes(kv("detail", "d" + e)));
      }
      if (g.error()) {
        b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
      }
      if (g.kind() == 2) {
        b.addAttributes(KeyValue.newBuilder().setKey(HTTP_STATUS)
            .setValue(AnyValue.newBuilder().setIntValue(g.error() ? 500 : 200)));
      }
      byService.computeIfAbsent(g.service(), k -> ScopeSpans.newBuilder()
          .setScope(InstrumentationScope.newBuilder().setName("weft-tracegen").setVersion("1"))).addSpans(b);
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    byService.forEach((svc, scope) -> req.addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name", svc)).addAttributes(kv("host.name", "gen-" + svc)))
        .addScopeSpans(scope)));
    return req.build();
  }

  private byte[] zipkinJson(List<GenSpan> spans) {
    List<zipkin2.Span> out = new ArrayList<>(spans.size());
    for (GenSpan g : spans) {
      zipkin2.Span.Builder b = zipkin2.Span.newBuilder()
          .traceId(TraceIdFormat.hex(g.traceId()))
          .id(g.spanId())
          .name(g.op())
          .kind(g.kind() == 2 ? zipkin2.Span.Kind.SERVER : zipkin2.Span.Kind.CLIENT)
          .localEndpoint(Endpoint.newBuilder().serviceName(g.service()).ip("10.0.0." + (1 + g.service().hashCode() % 200 + 200) % 250).build())
          .timestamp(g.startNanos() / 1000)
          .duration(Math.max(1, g.durationNanos() / 1000));
      if (g.parentId() != 0) {
        b.parentId(g.parentId());
      }
      for (int t = 0; t < s.tags(); t++) {
        b.putTag("tag." + t, "value-" + random.nextInt(1000) + pad());
      }
      for (int e = 0; e < s.events(); e++) {
        b.addAnnotation(g.startNanos() / 1000 + g.durationNanos() / 2000, "event-" + e);
      }
      if (g.error()) {
        b.putTag("error", "boom");
      }
      if (g.kind() == 2) {
        b.putTag(HTTP_STATUS, g.error() ? "500" : "200");
      }
      out.add(b.build());
    }
    return SpanBytesEncoder.JSON_V2.encodeList(out);
  }

  private List<String> tagValues() {
    List<String> values = new ArrayList<>(s.tags());
    for (int t = 0; t < s.tags(); t++) {
      values.add("value-" + random.nextInt(1000) + pad());
    }
    return values;
  }

  private String pad() {
    return s.payloadBytes() <= 0 ? "" : "x".repeat(s.payloadBytes());
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }
}
