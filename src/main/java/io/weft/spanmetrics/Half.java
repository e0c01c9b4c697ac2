package io.weft.spanmetrics;

import io.weft.model.SpanKind;

/**
 * One half of a call waiting for its partner in {@link EdgePairer}: a client (or producer) span, or a
 * server (or consumer) span. Its ids are kept as longs so the tables that find it hash and compare no
 * objects; {@code prev}/{@code next} link it into the arrival order of the {@link HalfTable} that
 * orders it (clients, or servers by parent).
 */
final class Half {
  final long traceHigh;
  final long traceLow;
  final long spanId;
  final long parentId;
  final String service;
  final SpanKind kind;
  final long startMs;
  final long durationMicros;
  final boolean error;
  final double weight;
  final long arrivedMs;
  /** For a waiting client: the peer it names (peer.service, or a database's name), else null. */
  String peer;
  boolean database;
  Half prev;
  Half next;

  Half(long traceHigh, long traceLow, long spanId, long parentId, String service, SpanKind kind, long startMs,
      long durationMicros, boolean error, double weight, long arrivedMs) {
    this.traceHigh = traceHigh;
    this.traceLow = traceLow;
    this.spanId = spanId;
    this.parentId = parentId;
    this.service = service;
    this.kind = kind;
    this.startMs = startMs;
    this.durationMicros = durationMicros;
    this.error = error;
    this.weight = weight;
    this.arrivedMs = arrivedMs;
  }

  boolean isClient() {
    return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
  }
}
