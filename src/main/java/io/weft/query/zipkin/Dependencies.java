package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.storage.SpanReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import zipkin2.DependencyLink;
import zipkin2.codec.DependencyLinkBytesEncoder;

/**
 * {@code /api/v2/dependencies?endTs=&lookback=} (milliseconds): the same service links the Jaeger
 * API and UI show, in Zipkin's JSON, names lowercased (links that then name one service twice are
 * dropped, those that then coincide are added up). Weft's links carry no error count.
 */
final class Dependencies {
  private final SpanReader reader;

  Dependencies(SpanReader reader) {
    this.reader = reader;
  }

  Future<Reply> handle(RoutingContext ctx) {
    long endTs = Params.requiredLong(ctx, "endTs");
    Long lookbackParam = Params.optionalLong(ctx, "lookback");
    long lookback = lookbackParam != null ? lookbackParam : ZipkinSettings.DEFAULT_LOOKBACK_MS;
    if (endTs <= 0) {
      throw new IllegalArgumentException("endTs <= 0");
    }
    if (lookback <= 0) {
      throw new IllegalArgumentException("lookback <= 0");
    }
    return reader.getDependencies(Names.micros(endTs), Names.micros(lookback)).map(links -> {
      Map<String, Map<String, long[]>> calls = new TreeMap<>();
      for (io.weft.model.DependencyLink l : links) {
        String parent = Names.lower(l.parent());
        String child = Names.lower(l.child());
        if (!parent.equals(child)) {
          calls.computeIfAbsent(parent, k -> new TreeMap<>())
              .computeIfAbsent(child, (Function<String, long[]>) k -> new long[1])[0] += l.callCount();
        }
      }
      List<DependencyLink> out = new ArrayList<>();
      calls.forEach((parent, children) -> children.forEach((child, n) ->
          out.add(DependencyLink.newBuilder().parent(parent).child(child).callCount(n[0]).build())));
      return Reply.json(DependencyLinkBytesEncoder.JSON_V1.encodeList(out));
    });
  }
}
