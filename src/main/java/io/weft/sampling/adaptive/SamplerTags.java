package io.weft.sampling.adaptive;

import io.weft.model.Span;
import io.weft.model.Tag;

/**
 * What a root span says about the sampler that chose it: Jaeger SDKs tag root spans with
 * {@code sampler.type} (probabilistic, lowerbound, ratelimiting, const) and {@code sampler.param}
 * (a number, or its text). OpenTelemetry's samplers add no such tags (jaeger#6700); a root span
 * without them is {@link Type#UNTAGGED}.
 */
public record SamplerTags(Type type, double param) {
  public static final String TYPE_KEY = "sampler.type";
  public static final String PARAM_KEY = "sampler.param";

  public enum Type { PROBABILISTIC, LOWERBOUND, RATELIMITING, CONST, UNRECOGNIZED, UNTAGGED }

  static final SamplerTags UNTAGGED = new SamplerTags(Type.UNTAGGED, 0);
  static final SamplerTags UNRECOGNIZED = new SamplerTags(Type.UNRECOGNIZED, 0);

  /** As Jaeger's {@code getSamplerParams}: an unknown type, or a param that is not a number, is unrecognized. */
  public static SamplerTags of(Span span) {
    Tag type = null;
    Tag param = null;
    for (Tag t : span.tags()) {
      if (t.key().equals(TYPE_KEY)) {
        type = t;
      } else if (t.key().equals(PARAM_KEY)) {
        param = t;
      }
    }
    if (type == null) {
      return UNTAGGED;
    }
    Type ty = switch (type.valueAsString()) {
      case "probabilistic" -> Type.PROBABILISTIC;
      case "lowerbound" -> Type.LOWERBOUND;
      case "ratelimiting" -> Type.RATELIMITING;
      case "const" -> Type.CONST;
      default -> Type.UNRECOGNIZED;
    };
    if (ty == Type.UNRECOGNIZED || param == null) {
      return UNRECOGNIZED;
    }
    double p;
    switch (param.type()) {
      case FLOAT64 -> p = (Double) param.value();
      case INT64 -> p = (Long) param.value();
      default -> {
        try {
          p = Double.parseDouble(param.valueAsString());
        } catch (NumberFormatException e) {
          return UNRECOGNIZED;
        }
      }
    }
    return new SamplerTags(ty, p);
  }
}
