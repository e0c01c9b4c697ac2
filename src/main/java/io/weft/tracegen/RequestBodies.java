package io.weft.tracegen;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bodies of a {@link RequestPlan}'s requests. Each shape of request is encoded once into templates
 * (the shape the run starts with into several, for variety, and with {@code --backfill} one per 15 s of
 * the window, each starting there) and sent with fresh trace ids patched in;
 * the parts of a trace sent in parts all get that trace's one id.
 */
final class RequestBodies {
  private final TracePayloads payloads;
  private final SplittableRandom rnd;
  /** Key: traces and spans per trace; a trace in parts is one trace of its full size. */
  private final Map<List<Integer>, List<List<TracePayloads.Template>>> templates = new HashMap<>();
  private int next;
  private List<TracePayloads.Template> parts;
  private final byte[] partsTraceId = new byte[16];

  RequestBodies(TracePayloads payloads, SplittableRandom rnd) {
    this.payloads = payloads;
    this.rnd = rnd;
  }

  /** Encodes the templates of this request's shape now (e.g. the first request's, before the clock starts). */
  void prepare(RequestPlan.Request r) {
    variants(r);
  }

  /** The body of {@code r}; its first trace id is copied into {@code firstId}. Requests must come in plan order. */
  byte[] body(RequestPlan.Request r, byte[] firstId) {
    if (r.parts() == 1) {
      List<List<TracePayloads.Template>> v = variants(r);
      return v.get(next++ % v.size()).get(0).fresh(rnd, firstId);
    }
    if (r.part() == 0) {
      List<List<TracePayloads.Template>> v = variants(r);
      parts = v.get(next++ % v.size());
      byte[] body = parts.get(0).fresh(rnd, partsTraceId);
      System.arraycopy(partsTraceId, 0, firstId, 0, 16);
      return body;
    }
    System.arraycopy(partsTraceId, 0, firstId, 0, 16);
    return parts.get(r.part()).withTraceId(partsTraceId);
  }

  private List<List<TracePayloads.Template>> variants(RequestPlan.Request r) {
    return templates.computeIfAbsent(List.of(r.traces(), r.traceSpans()), k -> {
      int count = templates.isEmpty() ? payloads.variants() : 1;
      List<List<TracePayloads.Template>> out = new java.util.ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        payloads.backdate(i, count);
        out.add(r.parts() == 1 ? List.of(payloads.wholeTraces(r.traces(), r.traceSpans()))
            : payloads.traceInParts(r.traceSpans(), r.spans()));
      }
      return out;
    });
  }
}
