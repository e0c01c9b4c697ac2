package io.weft.storage.cassandra;

import io.weft.model.Span;

/**
 * A 64-bit hash telling apart spans that share a span id (Zipkin's client and server halves), the
 * same in every JVM (strings hash by their specified {@code String.hashCode}, enums by ordinal), for
 * {@link DependencyTracker}, which only needs to recognise a span it has seen. Cheaper than hashing
 * the span's encoding, which the writer no longer produces per span.
 */
final class SpanIdentity {
  private SpanIdentity() {}

  static long hash(Span s) {
    long h = mix(s.spanId());
    h = mix(h ^ s.parentSpanId());
    h = mix(h ^ s.startTimeMicros());
    h = mix(h ^ s.durationMicros());
    h = mix(h ^ s.kind().ordinal());
    h = mix(h ^ (s.serviceName() == null ? 0 : s.serviceName().hashCode()));
    return mix(h ^ (s.operationName() == null ? 0 : s.operationName().hashCode()));
  }

  private static long mix(long x) {
    x *= 0x9e3779b97f4a7c15L;
    x ^= x >>> 32;
    x *= 0xbf58476d1ce4e5b9L;
    return x ^ (x >>> 29);
  }
}
