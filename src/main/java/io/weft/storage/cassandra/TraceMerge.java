package io.weft.storage.cassandra;

import io.weft.model.Span;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace put together from its chunks (and rows of the v1 {@code traces} table): a span stored
 * twice (a replayed write grouped differently, or a v1 row and a chunk) is returned once. Two spans
 * are the same when their encodings are, so the client and server halves of a Zipkin span, which
 * share a span id, stay apart, as they did in v1's rows keyed by span id and content hash. Only
 * spans whose id occurs more than once are encoded, so a trace without repeats costs a hash set.
 */
final class TraceMerge {
  private TraceMerge() {}

  static List<Span> merge(List<List<Span>> parts) {
    int total = 0;
    for (List<Span> part : parts) {
      total += part.size();
    }
    List<Span> all = new ArrayList<>(total);
    parts.forEach(all::addAll);
    Set<Long> ids = new HashSet<>(total * 2);
    Set<Long> repeated = null;
    for (Span s : all) {
      if (!ids.add(s.spanId())) {
        if (repeated == null) {
          repeated = new HashSet<>();
        }
        repeated.add(s.spanId());
      }
    }
    if (repeated == null) {
      return all;
    }
    Map<Long, List<Long>> kept = new HashMap<>();
    List<Span> out = new ArrayList<>(total);
    for (Span s : all) {
      if (repeated.contains(s.spanId())) {
        long hash = Blobs.hash(SpanBinaryCodec.encode(s));
        List<Long> hashes = kept.computeIfAbsent(s.spanId(), k -> new ArrayList<>(2));
        if (hashes.contains(hash)) {
          continue;
        }
        hashes.add(hash);
      }
      out.add(s);
    }
    return out;
  }
}
