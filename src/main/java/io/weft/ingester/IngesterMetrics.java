package io.weft.ingester;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The ingester's meters: what it read, stored, dead-lettered and committed, and how far behind it is. */
final class IngesterMetrics {
  final Counter records;
  final Counter spansWritten;
  final Counter writeFailures;
  final Counter deadLetters;
  final Counter commits;
  final Counter commitFailures;
  final Counter rebalances;
  /** Records on this ingester's partitions not stored yet (end offset minus committed offset). */
  final AtomicLong lag = new AtomicLong();
  /** Spans stored per second over the last lag interval. */
  final AtomicLong writeRate = new AtomicLong();

  IngesterMetrics(WeftMetrics metrics, Supplier<Number> inFlightBatches, Supplier<Number> paused,
      Supplier<Number> assigned) {
    MeterRegistry r = metrics.meterRegistry();
    records = Counter.builder("weft_ingester_records").description("span records read from Kafka").register(r);
    spansWritten = Counter.builder("weft_ingester_spans_written").description("spans the ingester's storage acknowledged")
        .register(r);
    writeFailures = Counter.builder("weft_ingester_write_failures")
        .description("storage writes that failed and are retried after a backoff (partitions paused meanwhile)").register(r);
    deadLetters = Counter.builder("weft_ingester_dead_letters")
        .description("undecodable records sent to the dead-letter topic").register(r);
    commits = Counter.builder("weft_ingester_commits").description("offset commits after storage acknowledged")
        .register(r);
    commitFailures = Counter.builder("weft_ingester_commit_failures")
        .description("offset commits that failed (a rebalance; the records are read and stored again)").register(r);
    rebalances = Counter.builder("weft_ingester_rebalances")
        .description("partition assignment changes (ingesters joining or leaving)").register(r);
    Gauge.builder("weft_ingester_lag_records", lag, AtomicLong::get)
        .description("records on this ingester's partitions not yet stored").register(r);
    Gauge.builder("weft_ingester_write_rate", writeRate, AtomicLong::get)
        .description("spans stored per second (last 5 s)").register(r);
    Gauge.builder("weft_ingester_in_flight_batches", inFlightBatches).description("batches being written to storage")
        .register(r);
    Gauge.builder("weft_ingester_paused_partitions", paused)
        .description("partitions paused because storage is failing or slow").register(r);
    Gauge.builder("weft_ingester_assigned_partitions", assigned).description("partitions this ingester consumes")
        .register(r);
  }
}
