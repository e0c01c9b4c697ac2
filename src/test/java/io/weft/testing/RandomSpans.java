package io.weft.testing;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** Random spans covering every field and value shape, for property-style round trips. */
public final class RandomSpans {
  private static final String[] POOL = {
    "frontend", "backend", "http.method", "GET", "", "db.statement", "peer.service", "événement",
    "日本語のキー", "emoji 😀🚀", "a\u0000b", "tab\tnew\nline",
  };
  private static final long[] EDGE_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 127, 128, -64, -65};
  private static final double[] EDGE_DOUBLES = {
    0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE, Double.MAX_VALUE, 1.5, -3.25e-300,
  };

  private final Random r;

  public RandomSpans(long seed) {
    r = new Random(seed);
  }

  public List<Span> batch(int maxSpans) {
    int n = r.nextInt(maxSpans + 1);
    List<Span> spans = new ArrayList<>(n);
    TraceId shared = traceId();
    for (int i = 0; i < n; i++) {
      spans.add(span(r.nextBoolean() ? shared : traceId()));
    }
    return spans;
  }

  public Span span(TraceId traceId) {
    List<SpanRef> refs = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      refs.add(new SpanRef(r.nextBoolean() ? RefType.CHILD_OF : RefType.FOLLOWS_FROM,
          r.nextBoolean() ? traceId : traceId(), r.nextLong(), r.nextInt(4) == 0 ? tags(3) : List.of()));
    }
    List<Log> logs = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      logs.add(new Log(longValue(), tags(4)));
    }
    List<String> warnings = new ArrayList<>();
    for (int i = r.nextInt(3) == 0 ? r.nextInt(3) : 0; i > 0; i--) {
      warnings.add(string());
    }
    return Span.builder()
        .traceId(traceId)
        .spanId(r.nextLong())
        .operationName(r.nextInt(20) == 0 ? null : string())
        .references(refs)
        .flags(r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(3))
        .startTimeMicros(r.nextInt(4) == 0 ? longValue() : 1_700_000_000_000_000L + r.nextInt(1 << 30))
        .durationMicros(r.nextInt(4) == 0 ? longValue() : r.nextInt(1 << 20))
        .tags(tags(8))
        .logs(logs)
        .process(r.nextInt(10) == 0 ? null
            : new Process(r.nextInt(20) == 0 ? null : string(), tags(3)))
        .kind(SpanKind.values()[r.nextInt(SpanKind.values().length)])
        .status(StatusCode.values()[r.nextInt(StatusCode.values().length)],
            r.nextBoolean() ? "" : string())
        .warnings(warnings)
        .build();
  }

  public TraceId traceId() {
    return switch (r.nextInt(4)) {
      case 0 -> new TraceId(0, r.nextLong());
      case 1 -> new TraceId(-1, -1);
      default -> new TraceId(r.nextLong(), r.nextLong());
    };
  }

  private List<Tag> tags(int max) {
    return tags(max, 0);
  }

  /** Scalars of every type, and now and then an array (elements keyed "", as OTLP has them) or a map. */
  private List<Tag> tags(int max, int depth) {
    List<Tag> tags = new ArrayList<>();
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      String key = depth > 0 && r.nextBoolean() ? "" : string();
      int kind = depth < 3 && r.nextInt(8) == 0 ? 5 + r.nextInt(2) : r.nextInt(5);
      if (kind == 5) {
        List<Tag> elements = new ArrayList<>();
        for (Tag t : tags(4, depth + 1)) {
          elements.add(new Tag("", t.type(), t.value()));
        }
        tags.add(Tag.array(key, elements));
        continue;
      }
      if (kind == 6) {
        tags.add(Tag.map(key, tags(4, depth + 1)));
        continue;
      }
      tags.add(switch (kind) {
        case 0 -> Tag.string(key, string());
        case 1 -> Tag.bool(key, r.nextBoolean());
        case 2 -> Tag.int64(key, longValue());
        case 3 -> Tag.float64(key, r.nextBoolean()
            ? EDGE_DOUBLES[r.nextInt(EDGE_DOUBLES.length)] : Double.longBitsToDouble(r.nextLong()));
        default -> {
          byte[] b = new byte[r.nextInt(40)];
          r.nextBytes(b);
          yield Tag.binary(key, b);
        }
      });
    }
    return tags;
  }

  private long longValue() {
    return r.nextBoolean() ? EDGE_LONGS[r.nextInt(EDGE_LONGS.length)] : r.nextLong() >> r.nextInt(64);
  }

  /** Pooled strings (so the string table gets hits) or fresh random valid Unicode. */
  private String string() {
    if (r.nextInt(3) > 0) {
      return POOL[r.nextInt(POOL.length)];
    }
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(200); i > 0; i--) {
      int cp = switch (r.nextInt(4)) {
        case 0 -> r.nextInt(0x80);
        case 1 -> 0x80 + r.nextInt(0x780);
        case 2 -> 0x10000 + r.nextInt(0x100000);
        default -> r.nextInt(0xD800); // below the surrogates: BMP text incl. CJK
      };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /**
   * A trace shaped like tracegen's, for benches: 8 spans, a root on service-0 and children over
   * service-0..{@code services - 1}, operations in turn from {@code ops}, 5 tags each.
   */
  public static void addTracegenLikeTrace(List<Span> out, SplittableRandom rnd, String[] ops, int services,
      long start) {
    TraceId id = new TraceId(rnd.nextLong(), rnd.nextLong());
    long rootDuration = 50_000 + rnd.nextLong(200_000);
    for (int i = 0; i < 8; i++) {
      List<Tag> tags = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        tags.add(Tag.string("tag." + k, "value-" + rnd.nextInt(1000)));
      }
      String service = "service-" + (i == 0 ? 0 : rnd.nextInt(services));
      out.add(Span.builder().traceId(id).spanId(i + 1L).operationName(ops[i % ops.length])
          .references(i == 0 ? List.of() : List.of(SpanRef.childOf(id, 1)))
          .startTimeMicros(start + i * 1000L).durationMicros(i == 0 ? rootDuration : rootDuration / (2 + i))
          .kind(i % 2 == 0 ? SpanKind.SERVER : SpanKind.CLIENT).tags(tags)
          .process(new Process(service, List.of(Tag.string("host.name", "gen-" + service)))).build());
    }
  }
}
