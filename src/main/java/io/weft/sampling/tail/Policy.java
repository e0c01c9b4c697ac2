package io.weft.sampling.tail;

/**
 * One tail-sampling policy (OpenTelemetry Collector's tailsamplingprocessor names): given a whole
 * trace, keep it, not, or (drop rules) drop it whatever the others say. {@code nowNanos} is the
 * decision's moment, for the policies that count per second.
 */
public interface Policy {
  enum Decision { SAMPLED, NOT_SAMPLED, DROPPED }

  String name();

  Decision evaluate(TraceView trace, long nowNanos);

  static Decision of(boolean sampled) {
    return sampled ? Decision.SAMPLED : Decision.NOT_SAMPLED;
  }
}
