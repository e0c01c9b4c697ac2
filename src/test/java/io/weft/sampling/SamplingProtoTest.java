package io.weft.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.extension.trace.jaeger.proto.api_v2.Sampling;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf against the classes generated from Jaeger's sampling.proto (shipped in OTel's sampler). */
class SamplingProtoTest {
  static final SamplingStrategy PER_OP = SamplingStrategy.probabilistic(0.8).withOperations(
      new SamplingStrategy.Operations(0.8, 0.5, 0, List.of(new SamplingStrategy.Operation("checkout", 1.0),
          new SamplingStrategy.Operation("/health", 0.0))));

  @Test
  void responsesParseWithTheGeneratedClasses() throws Exception {
    Sampling.SamplingStrategyResponse r = Sampling.SamplingStrategyResponse.parseFrom(SamplingProto.encode(PER_OP));
    assertEquals(Sampling.SamplingStrategyType.PROBABILISTIC, r.getStrategyType());
    assertEquals(0.8, r.getProbabilisticSampling().getSamplingRate());
    assertFalse(r.hasRateLimitingSampling());
    Sampling.PerOperationSamplingStrategies ops = r.getOperationSampling();
    assertEquals(0.8, ops.getDefaultSamplingProbability());
    assertEquals(0.5, ops.getDefaultLowerBoundTracesPerSecond());
    assertEquals(2, ops.getPerOperationStrategiesCount());
    assertEquals("checkout", ops.getPerOperationStrategies(0).getOperation());
    assertEquals(1.0, ops.getPerOperationStrategies(0).getProbabilisticSampling().getSamplingRate());
    assertTrue(ops.getPerOperationStrategies(1).hasProbabilisticSampling(), "a zero rate is still a strategy");
    assertEquals(0.0, ops.getPerOperationStrategies(1).getProbabilisticSampling().getSamplingRate());

    Sampling.SamplingStrategyResponse limited = Sampling.SamplingStrategyResponse.parseFrom(
        SamplingProto.encode(SamplingStrategy.rateLimiting(7)));
    assertEquals(Sampling.SamplingStrategyType.RATE_LIMITING, limited.getStrategyType());
    assertEquals(7, limited.getRateLimitingSampling().getMaxTracesPerSecond());
    assertFalse(limited.hasProbabilisticSampling());
    assertFalse(limited.hasOperationSampling());
  }

  @Test
  void requestsFromTheGeneratedClasses() throws Exception {
    byte[] req = Sampling.SamplingStrategyParameters.newBuilder().setServiceName("shöp").build().toByteArray();
    assertEquals("shöp", SamplingProto.decodeServiceName(req));
    assertEquals("", SamplingProto.decodeServiceName(new byte[0]));
    byte[] withUnknown = {0x10, 0x05, 0x0a, 0x01, 'x'}; // field 2 varint first, then serviceName "x"
    assertEquals("x", SamplingProto.decodeServiceName(withUnknown));
  }

  @Test
  void jsonAsJaegersAgentAnswers() {
    JsonObject j = SamplingJson.encode(PER_OP, false);
    assertEquals("PROBABILISTIC", j.getString("strategyType"));
    assertEquals(0.8, j.getJsonObject("probabilisticSampling").getDouble("samplingRate"));
    assertFalse(j.containsKey("rateLimitingSampling"), "jaeger-client picks its sampler by the field present");
    JsonObject ops = j.getJsonObject("operationSampling");
    assertEquals(0.5, ops.getDouble("defaultLowerBoundTracesPerSecond"));
    assertEquals("checkout", ops.getJsonArray("perOperationStrategies").getJsonObject(0).getString("operation"));
    assertEquals(0, SamplingJson.encode(PER_OP, true).getInteger("strategyType"), "legacy: the enum's number");
    JsonObject limited = SamplingJson.encode(SamplingStrategy.rateLimiting(7), false);
    assertEquals(new JsonObject("{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}"),
        limited);
    assertEquals(1, SamplingJson.encode(SamplingStrategy.rateLimiting(7), true).getInteger("strategyType"));
  }
}
