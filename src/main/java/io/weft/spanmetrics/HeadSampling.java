package io.weft.spanmetrics;

import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.List;

/**
 * How many spans a sampled span stands for (its adjusted count, 1 / sampling probability), from
 * what the span itself says:
 * <ul>
 * <li>OpenTelemetry's {@code th} in the {@code ot} member of its W3C tracestate (TraceState
 *     probability sampling): a rejection threshold of 1 to 14 hex digits, padded with zeros to 56
 *     bits; adjusted count = 2^56 / (2^56 - threshold). The older {@code p} sub-key (p-value: the
 *     probability is 2^-p) is read too.</li>
 * <li>Jaeger's {@code sampler.type=probabilistic} with {@code sampler.param} = the probability.
 *     Other Jaeger samplers (const, ratelimiting, lowerbound) say no probability: count 1.</li>
 * </ul>
 */
public final class HeadSampling {
  /** Where the OTLP decoder keeps a span's tracestate. */
  public static final String TRACE_STATE_TAG = io.weft.codec.OtlpDecoder.TRACE_STATE;
  private static final double MAX_ADJUSTED = 0x1p56;
  private static final char TRACE_STATE_FIRST = TRACE_STATE_TAG.charAt(0);

  private HeadSampling() {}

  /** The span's adjusted count, or 0 when its tags say nothing about a sampling probability. */
  public static double adjustedCount(Span s) {
    String type = null;
    String param = null;
    List<Tag> tags = s.tags();
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      String key = t.key();
      // The keys below start with s or the tracestate's letter: skip the others without hashing them
      // (most spans have none of them).
      char first = key.isEmpty() ? ' ' : key.charAt(0);
      if (first != 's' && first != TRACE_STATE_FIRST) {
        continue;
      }
      switch (key) {
        case TRACE_STATE_TAG -> {
          double w = fromTraceState(t.valueAsString());
          if (w > 0) {
            return w;
          }
        }
        case "sampler.type" -> type = t.valueAsString();
        case "sampler.param" -> param = t.valueAsString();
        default -> { }
      }
    }
    if ("probabilistic".equals(type) && param != null) {
      return fromProbability(param);
    }
    return 0;
  }

  static double fromProbability(String param) {
    try {
      double p = Double.parseDouble(param.trim());
      return p > 0 && p <= 1 ? Math.min(MAX_ADJUSTED, 1 / p) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The adjusted count in a W3C tracestate header value, or 0. */
  static double fromTraceState(String tracestate) {
    if (tracestate == null) {
      return 0;
    }
    for (String member : tracestate.split(",")) {
      String m = member.trim();
      if (m.startsWith("ot=")) {
        double th = 0;
        double p = 0;
        for (String kv : m.substring(3).split(";")) {
          if (kv.startsWith("th:")) {
            th = fromThreshold(kv.substring(3));
          } else if (kv.startsWith("p:")) {
            p = fromPValue(kv.substring(2));
          }
        }
        return th > 0 ? th : p;
      }
    }
    return 0;
  }

  /** 1 to 14 lowercase hex digits, extended with zeros to 14: a 56-bit rejection threshold. */
  static double fromThreshold(String hex) {
    if (hex.isEmpty() || hex.length() > 14) {
      return 0;
    }
    long t = 0;
    for (int i = 0; i < 14; i++) {
      int d = i < hex.length() ? Character.digit(hex.charAt(i), 16) : 0;
      if (d < 0 || (i < hex.length() && Character.isUpperCase(hex.charAt(i)))) {
        return 0;
      }
      t = (t << 4) | d;
    }
    return MAX_ADJUSTED / (MAX_ADJUSTED - t);
  }

  /** Legacy p-value: probability 2^-p for p in 0..62 (63 means zero probability: no count). */
  static double fromPValue(String v) {
    try {
      int p = Integer.parseInt(v);
      return p >= 0 && p <= 62 ? Math.pow(2, p) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
