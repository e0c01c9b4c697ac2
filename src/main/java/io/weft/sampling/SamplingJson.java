package io.weft.sampling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A strategy as the JSON Jaeger's agent answers on {@code /sampling} (protobuf's JSON mapping of
 * {@code SamplingStrategyResponse}, enum as its name) or, with {@code legacy}, on {@code /} (the enum as
 * its number, as Thrift 0.9.2-era clients expect). Only the fields of the strategy's type are present:
 * jaeger-client picks its sampler by which one is there.
 */
final class SamplingJson {
  private SamplingJson() {}

  static JsonObject encode(SamplingStrategy s, boolean legacy) {
    JsonObject out = new JsonObject();
    out.put("strategyType", legacy ? (Object) s.type().ordinal() : s.type().name());
    if (s.type() == SamplingStrategy.Type.PROBABILISTIC) {
      out.put("probabilisticSampling", new JsonObject().put("samplingRate", s.probability()));
    } else {
      out.put("rateLimitingSampling", new JsonObject().put("maxTracesPerSecond", s.maxTracesPerSecond()));
    }
    SamplingStrategy.Operations ops = s.operations();
    if (ops != null) {
      JsonArray per = new JsonArray();
      for (SamplingStrategy.Operation o : ops.perOperation()) {
        per.add(new JsonObject().put("operation", o.operation())
            .put("probabilisticSampling", new JsonObject().put("samplingRate", o.probability())));
      }
      out.put("operationSampling", new JsonObject()
          .put("defaultSamplingProbability", ops.defaultProbability())
          .put("defaultLowerBoundTracesPerSecond", ops.defaultLowerBoundTracesPerSecond())
          .put("perOperationStrategies", per)
          .put("defaultUpperBoundTracesPerSecond", ops.defaultUpperBoundTracesPerSecond()));
    }
    return out;
  }
}
