package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Binds a write's index rows ({@link IndexRows}) or trace summaries ({@link SummaryRows}) into
 * batches: a partition's rows in batches of their own, the rows of partitions with one or two
 * batched with others owned by the same replicas ({@code small}, which the caller flushes).
 */
final class IndexBatches {
  private final Prepared p;
  private final int ttl;
  private final ReplicaBatcher small;
  private final Consumer<Statement<?>> sink;

  IndexBatches(Prepared p, int ttlSeconds, ReplicaBatcher small, Consumer<Statement<?>> sink) {
    this.p = p;
    this.ttl = ttlSeconds;
    this.small = small;
    this.sink = sink;
  }

  /**
   * A partition with a few rows gets its own batch; rows of partitions with one or two (most tag
   * values in a write) are batched with others owned by the same replicas.
   */
  void rows(IndexRows rows) {
    InsertIndexRow insert = p.insertIndexRow();
    rows.earliest.forEach((partition, entries) -> {
      int bytes = rowBytes(partition);
      if (entries.size() <= 2) {
        entries.forEach((e, start) -> small.add(insert.bind(partition, e, start, ttl), bytes + utf8(e.value())));
        return;
      }
      PartitionBatch batch = new PartitionBatch(sink);
      entries.forEach((e, start) -> batch.add(insert.bind(partition, e, start, ttl), bytes + utf8(e.value())));
      batch.flush();
    });
  }

  /** Summary rows: a batch per (service, bucket) partition of a few rows, the rest batched by replicas. */
  void summaries(SummaryRows rows) {
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    Map<String, Integer> bytes = new LinkedHashMap<>();
    rows.rows.forEach((k, row) -> {
      String partition = k.service() + '\u0000' + k.bucket();
      byPartition.computeIfAbsent(partition, x -> new ArrayList<>()).add(p.updateSummary().bind(k, row, ttl));
      bytes.merge(partition, row.bytes() + k.service().length(), Integer::sum);
    });
    byPartition.forEach((partition, statements) -> {
      int each = bytes.get(partition) / statements.size();
      if (statements.size() <= 2) {
        statements.forEach(st -> small.add(st, each));
        return;
      }
      PartitionBatch batch = new PartitionBatch(sink);
      statements.forEach(st -> batch.add(st, each));
      batch.flush();
    });
  }

  /**
   * Pack rows, each its own partition's only row of the write: batched with others owned by the same
   * replicas when small, else sent alone. Returns the packs.
   */
  List<TracePack> packs(List<TracePack> packs) {
    for (TracePack pack : packs) {
      int bytes = 80 + utf8(pack.service()) + pack.blob().length;
      if (bytes < ReplicaBatcher.MAX_BYTES / 2) {
        small.add(p.insertPack().bind(pack, ttl), bytes);
      } else {
        sink.accept(p.insertPack().bind(pack, ttl));
      }
    }
    return packs;
  }

  /** Roughly what a row adds to a batch as Cassandra sizes it: its partition key plus about 56 bytes (plus a tag value). */
  private static int rowBytes(IndexRows.Partition p) {
    return 56 + utf8(p.service()) + utf8(p.a()) + 8;
  }

  private static int utf8(String s) {
    return s == null ? 0 : s.length() * 3 / 2 + 2;
  }
}
