package io.weft.sampling.tail;

import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TagType;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The stateless policies: each keeps a trace when some span of it (or its resource) matches. */
final class MatchPolicies {
  private MatchPolicies() {}

  /** {@code always_sample}. */
  record Always(String name) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      return Decision.SAMPLED;
    }
  }

  /**
   * {@code status_code}: a span with one of the codes. ERROR is also a span tagged {@code error=true}
   * (how Jaeger and Zipkin spans say it).
   */
  record Status(String name, Set<StatusCode> codes) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      for (Span s : t.spans()) {
        if (codes.contains(s.statusCode()) || codes.contains(StatusCode.ERROR) && taggedError(s)) {
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }

    private static boolean taggedError(Span s) {
      for (Tag tag : s.tags()) {
        if (tag.key().equals(JaegerTags.ERROR) && tag.valueAsString().equals("true")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code latency}: the trace (first start to last end) or, with {@code scope: span}, one of its spans
   * lasting at least {@code threshold_ms} (and less than {@code upper_threshold_ms} when that is set).
   */
  record Latency(String name, long thresholdMicros, long upperMicros, boolean perSpan) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      if (!perSpan) {
        return Policy.of(within(t.durationMicros()));
      }
      for (Span s : t.spans()) {
        if (within(s.durationMicros())) {
          return Decision.SAMPLED;
        }
      }
      return Decision.NOT_SAMPLED;
    }

    private boolean within(long d) {
      return d >= thresholdMicros && (upperMicros <= 0 || d < upperMicros);
    }
  }

  /** {@code span_count}: between {@code min_spans} and {@code max_spans} spans (0: no upper bound). */
  record SpanCount(String name, int min, int max) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      int n = t.spans().size();
      return Policy.of(n >= min && (max <= 0 || n <= max));
    }
  }

  /**
   * {@code probabilistic}: a share of traces chosen by a hash of the trace id (and {@code hash_salt}),
   * so every node chooses the same traces.
   */
  record Probabilistic(String name, double percentage, long salt) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      long h = t.id().high() * 0x9E3779B97F4A7C15L ^ t.id().low() ^ salt;
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb9fe1a85ec53L;
      h ^= h >>> 33;
      double u = (h >>> 11) * 0x1.0p-53; // uniform in [0, 1)
      return Policy.of(u * 100 < percentage);
    }
  }

  /**
   * An attribute of a span or of its resource (the process: {@code service.name} and its tags)
   * matching a test; {@code invert_match} keeps the traces that have no match instead.
   */
  record Attribute(String name, String key, Predicate<Tag> test, boolean invert) implements Policy {
    @Override
    public Decision evaluate(TraceView t, long nowNanos) {
      return Policy.of(matches(t) != invert);
    }

    private boolean matches(TraceView t) {
      for (Span s : t.spans()) {
        if (any(s.tags()) || s.process() != null && (any(s.process().tags())
            || key.equals("service.name") && s.serviceName() != null && test.test(Tag.string(key, s.serviceName())))) {
          return true;
        }
      }
      return false;
    }

    private boolean any(List<Tag> tags) {
      for (Tag tag : tags) {
        if (tag.key().equals(key) && test.test(tag)) {
          return true;
        }
      }
      return false;
    }

    static Predicate<Tag> strings(List<String> values, boolean regex) {
      if (!regex) {
        Set<String> set = Set.copyOf(values);
        return tag -> set.contains(tag.valueAsString());
      }
      List<Pattern> patterns = values.stream().map(Pattern::compile).toList();
      return tag -> {
        String v = tag.valueAsString();
        for (Pattern p : patterns) {
          if (p.matcher(v).find()) {
            return true;
          }
        }
        return false;
      };
    }

    static Predicate<Tag> numeric(double min, double max) {
      return tag -> {
        double v;
        if (tag.type() == TagType.INT64) {
          v = (Long) tag.value();
        } else if (tag.type() == TagType.FLOAT64) {
          v = (Double) tag.value();
        } else {
          return false;
        }
        return v >= min && v <= max;
      };
    }

    static Predicate<Tag> bool(boolean value) {
      return tag -> tag.type() == TagType.BOOL ? (Boolean) tag.value() == value
          : tag.type() == TagType.STRING && tag.value().equals(Boolean.toString(value));
    }
  }
}
