package io.weft.query.adjust;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zipkin clients report both halves of an RPC with one span id. The UI needs unique ids, so,
 * like Jaeger's {@code ZipkinSpanIDUniquifier}, a SERVER span that shares its id with a CLIENT
 * span gets a fresh id and becomes the CHILD_OF that client span; spans that pointed at the
 * shared id from below the server are re-pointed at the server's new id.
 */
public final class SpanIdDeduper implements Adjuster {

  @Override
  public List<Span> adjust(List<Span> trace) {
    Set<Long> clientIds = new HashSet<>();
    Set<Long> usedIds = new HashSet<>();
    for (Span s : trace) {
      usedIds.add(s.spanId());
      if (s.kind() == SpanKind.CLIENT) {
        clientIds.add(s.spanId());
      }
    }
    List<Span> out = new ArrayList<>(trace.size());
    Map<Long, Long> oldToNew = new HashMap<>();
    long maxUsed = 0;
    for (Span s : trace) {
      if (s.kind() != SpanKind.SERVER || !clientIds.contains(s.spanId())) {
        out.add(s);
        continue;
      }
      // Like Jaeger: the smallest ids not used in the trace (1, 2, ...).
      long id = maxUsed + 1;
      while (id == 0 || usedIds.contains(id)) {
        id++;
      }
      maxUsed = id;
      usedIds.add(id);
      oldToNew.put(s.spanId(), id);
      out.add(ParentRefs.withParent(s, s.spanId()).toBuilder().spanId(id).build());
    }
    if (oldToNew.isEmpty()) {
      return trace;
    }
    for (int i = 0; i < out.size(); i++) {
      Span s = out.get(i);
      Long newParent = oldToNew.get(ParentRefs.parentId(s));
      // The server itself now points at the shared id and must keep doing so.
      if (newParent != null && s.spanId() != newParent) {
        out.set(i, ParentRefs.withParent(s, newParent));
      }
    }
    return out;
  }
}
