package io.weft.codec;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Weft spans to Zipkin's model and its JSON v2, the inverse of {@link ZipkinDecoder}: what Zipkin's
 * query API answers for the same spans. The spans go through zipkin2's builder and encoder, so the
 * output is Zipkin's to the byte: lowercase span and service names, sorted tags, sorted and
 * de-duplicated annotations, absent fields left out. How one span maps is {@link ZipkinSpanMapper}'s.
 */
public final class ZipkinEncoder {
  private ZipkinEncoder() {}

  /**
   * One trace's spans in Zipkin's model, in the order given, exact copies dropped (Zipkin's
   * store keeps a set). A SERVER span with the id of a CLIENT span is the callee half of a shared
   * span, and is marked {@code shared} as the reporter sent it.
   */
  public static List<zipkin2.Span> toZipkin(List<Span> trace) {
    Set<Long> clientIds = new HashSet<>();
    for (Span s : trace) {
      if (s.kind() == SpanKind.CLIENT) {
        clientIds.add(s.spanId());
      }
    }
    LinkedHashSet<zipkin2.Span> out = new LinkedHashSet<>(trace.size() * 2);
    for (Span s : trace) {
      out.add(ZipkinSpanMapper.toZipkin(s, s.kind() == SpanKind.SERVER && clientIds.contains(s.spanId())));
    }
    return new ArrayList<>(out);
  }

  /** A JSON array of spans, as {@code /api/v2/trace/{id}} answers. */
  public static byte[] encodeTrace(List<zipkin2.Span> trace) {
    return SpanBytesEncoder.JSON_V2.encodeList(trace);
  }

  /** A JSON array of traces, each an array of spans, as {@code /api/v2/traces} answers. */
  public static byte[] encodeTraces(List<List<zipkin2.Span>> traces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    out.write('[');
    for (int i = 0; i < traces.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(encodeTrace(traces.get(i)));
    }
    out.write(']');
    return out.toByteArray();
  }
}
