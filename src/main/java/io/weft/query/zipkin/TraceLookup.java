package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.ZipkinEncoder;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.query.TraceAssembler;
import io.weft.storage.SpanReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v2/trace/{traceId}} and {@code /api/v2/traceMany?traceIds=}. Ids are read as Zipkin
 * reads them (zipkin2's {@code normalizeTraceId}: lower hex, shorter ids left-padded to 16 or 32
 * digits, 32 digits whose upper half is zero are the 16-digit id) and matched as Zipkin's default
 * strict-trace-id does: a 16-digit id finds a 64-bit trace, a 32-digit id the 128-bit trace.
 */
final class TraceLookup {
  private final SpanReader reader;

  TraceLookup(SpanReader reader) {
    this.reader = reader;
  }

  Future<Reply> trace(RoutingContext ctx) {
    String id = zipkin2.Span.normalizeTraceId(ctx.pathParam("traceId").trim());
    return reader.getTrace(TraceId.fromHex(id)).map(spans -> spans.isEmpty()
        ? Reply.text(404, id + " not found")
        : Reply.json(ZipkinEncoder.encodeTrace(ZipkinEncoder.toZipkin(TraceAssembler.raw(spans)))));
  }

  /** The traces found, in the order asked; those not found are left out. */
  Future<Reply> traceMany(RoutingContext ctx) {
    String ids = Params.required(ctx, "traceIds");
    if (ids.isEmpty()) {
      return Future.succeededFuture(Reply.text(400, "traceIds parameter is empty"));
    }
    Set<String> normalized = new LinkedHashSet<>();
    for (String id : ids.split(",", 1000)) {
      if (!normalized.add(zipkin2.Span.normalizeTraceId(id))) {
        return Future.succeededFuture(Reply.text(400, "redundant traceId: " + id));
      }
    }
    if (normalized.size() == 1) {
      return Future.succeededFuture(Reply.text(400, "Use /api/v2/trace/{traceId} endpoint to retrieve a single trace"));
    }
    List<Future<List<Span>>> found = new ArrayList<>(normalized.size());
    for (String id : normalized) {
      found.add(reader.getTrace(TraceId.fromHex(id)));
    }
    return Future.all(found).map(all -> {
      List<List<zipkin2.Span>> traces = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        List<Span> spans = all.resultAt(i);
        if (!spans.isEmpty()) {
          traces.add(ZipkinEncoder.toZipkin(TraceAssembler.raw(spans)));
        }
      }
      return Reply.json(ZipkinEncoder.encodeTraces(traces));
    });
  }
}
