package io.weft.sampling.tail;

import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.List;

/**
 * An estimate of the heap a decoded span holds (objects, lists, strings as Latin-1 bytes), for the
 * buffer's byte bound. The bench (bench/tail-sampling.sh) compares it with the heap measured.
 */
final class SpanHeap {
  private SpanHeap() {}

  static long of(Span s) {
    long n = 96 + 32 + 4 * 24; // the span, its trace id, four list headers
    n += string(s.operationName()) + string(s.statusMessage());
    n += s.references().size() * 56L;
    n += tags(s.tags());
    for (Log l : s.logs()) {
      n += 40 + tags(l.fields());
    }
    if (s.process() != null) { // shared by the spans of one request; counted per span, to be safe
      n += 32 + string(s.process().serviceName()) + tags(s.process().tags());
    }
    return n;
  }

  private static long tags(List<Tag> tags) {
    long n = 0;
    for (Tag t : tags) {
      n += 24 + 8 + string(t.key()) + switch (t.type()) {
        case STRING -> string((String) t.value());
        case BINARY -> 16 + ((byte[]) t.value()).length;
        default -> 16;
      };
    }
    return n;
  }

  private static long string(String s) {
    return s == null ? 0 : 40 + s.length();
  }
}
