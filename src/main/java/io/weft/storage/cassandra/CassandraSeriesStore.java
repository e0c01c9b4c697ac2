package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.weft.spanmetrics.Cell;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.DeltaCodec;
import io.weft.spanmetrics.EdgeCell;
import io.weft.spanmetrics.EdgeKey;
import io.weft.spanmetrics.SeriesKey;
import io.weft.storage.SeriesStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Span metrics in Cassandra ({@link CassandraSchema}, version 3): per service and hour a partition
 * of rows (bucket start, writer, flush number) each holding that flush's encoded series of the
 * service; a list of services per hour; and per hour the service-graph rows. A delta is written as
 * the same rows however often it is written, so retries and redeliveries add nothing; reads sum the
 * rows of every writer. Rows carry the spans' TTL ({@code cassandra.ttl}).
 */
public final class CassandraSeriesStore implements SeriesStore {
  static final long PARTITION_MS = 3_600_000;
  static final String INSERT_SERIES = "INSERT INTO %s.span_metrics (service, hour, ts, writer, seq, cells) "
      + "VALUES (?, ?, ?, ?, ?, ?) USING TTL ?";
  static final String INSERT_SERVICE = "INSERT INTO %s.span_metrics_services (hour, service) VALUES (?, ?) USING TTL ?";
  static final String INSERT_EDGES = "INSERT INTO %s.service_graph (hour, ts, writer, seq, edges) "
      + "VALUES (?, ?, ?, ?, ?) USING TTL ?";
  static final String SELECT_SERIES = "SELECT ts, cells FROM %s.span_metrics WHERE service = ? AND hour = ? "
      + "AND ts >= ? AND ts < ?";
  static final String SELECT_SERVICES = "SELECT service FROM %s.span_metrics_services WHERE hour = ?";
  static final String SELECT_EDGES = "SELECT ts, edges FROM %s.service_graph WHERE hour = ? AND ts >= ? AND ts < ?";

  private final CqlExecutor exec;
  private final int ttlSeconds;
  private final PreparedStatement insertSeries;
  private final PreparedStatement insertService;
  private final PreparedStatement insertEdges;
  private final PreparedStatement selectSeries;
  private final PreparedStatement selectServices;
  private final PreparedStatement selectEdges;

  private CassandraSeriesStore(CqlExecutor exec, int ttlSeconds, List<PreparedStatement> p) {
    this.exec = exec;
    this.ttlSeconds = ttlSeconds;
    this.insertSeries = p.get(0);
    this.insertService = p.get(1);
    this.insertEdges = p.get(2);
    this.selectSeries = p.get(3);
    this.selectServices = p.get(4);
    this.selectEdges = p.get(5);
  }

  static Future<CassandraSeriesStore> open(CqlExecutor exec, CassandraSettings s) {
    List<Future<PreparedStatement>> all = new ArrayList<>();
    for (String cql : List.of(INSERT_SERIES, INSERT_SERVICE, INSERT_EDGES, SELECT_SERIES, SELECT_SERVICES, SELECT_EDGES)) {
      all.add(exec.prepare(String.format(cql, s.keyspace())));
    }
    return Future.all(all).map(f -> {
      List<PreparedStatement> ps = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        ps.add(f.resultAt(i));
      }
      return new CassandraSeriesStore(exec, s.ttlSeconds(), ps);
    });
  }

  static long partition(long ms) {
    return Math.floorDiv(ms, PARTITION_MS) * PARTITION_MS;
  }

  @Override
  public Future<Void> write(Delta delta) {
    List<Future<Void>> writes = new ArrayList<>();
    Set<List<Object>> services = new HashSet<>();
    for (Delta.Bucket b : delta.buckets()) {
      long hour = partition(b.startMs());
      Map<String, Map<SeriesKey, Cell>> byService = new LinkedHashMap<>();
      for (Map.Entry<SeriesKey, Cell> e : b.series().entrySet()) {
        byService.computeIfAbsent(e.getKey().service(), x -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
      }
      for (Map.Entry<String, Map<SeriesKey, Cell>> e : byService.entrySet()) {
        writes.add(exec.write(insertSeries.bind(e.getKey(), hour, b.startMs(), delta.writer(), delta.seq(),
            ByteBuffer.wrap(DeltaCodec.seriesBlock(e.getValue())), ttlSeconds).setIdempotent(true), null, true));
        if (services.add(List.of(hour, e.getKey()))) {
          writes.add(exec.write(insertService.bind(hour, e.getKey(), ttlSeconds).setIdempotent(true), null, true));
        }
      }
      if (!b.edges().isEmpty()) {
        writes.add(exec.write(insertEdges.bind(hour, b.startMs(), delta.writer(), delta.seq(),
            ByteBuffer.wrap(DeltaCodec.edgesBlock(b.edges())), ttlSeconds).setIdempotent(true), null, true));
      }
    }
    return Future.all(writes).mapEmpty();
  }

  @Override
  public Future<NavigableMap<Long, Map<SeriesKey, Cell>>> series(Collection<String> services, long fromMs, long toMs) {
    List<Future<List<Row>>> reads = new ArrayList<>();
    for (String service : services) {
      for (long hour = partition(fromMs); hour < toMs; hour += PARTITION_MS) {
        reads.add(exec.readAll(selectSeries.bind(service, hour, fromMs, toMs)));
      }
    }
    return Future.all(reads).map(f -> {
      NavigableMap<Long, Map<SeriesKey, Cell>> out = new TreeMap<>();
      for (Future<List<Row>> r : reads) {
        for (Row row : r.result()) {
          Map<SeriesKey, Cell> cells = out.computeIfAbsent(row.getLong(0), k -> new HashMap<>());
          DeltaCodec.readSeriesBlock(bytes(row.getByteBuffer(1)), (k, c) -> cells.merge(k, c, (x, y) -> {
            x.merge(y);
            return x;
          }));
        }
      }
      return out;
    });
  }

  @Override
  public Future<List<String>> services(long fromMs, long toMs) {
    List<Future<List<Row>>> reads = new ArrayList<>();
    for (long hour = partition(fromMs); hour < toMs; hour += PARTITION_MS) {
      reads.add(exec.readAll(selectServices.bind(hour)));
    }
    return Future.all(reads).map(f -> {
      TreeSet<String> names = new TreeSet<>();
      for (Future<List<Row>> r : reads) {
        for (Row row : r.result()) {
          names.add(row.getString(0));
        }
      }
      return new ArrayList<>(names);
    });
  }

  @Override
  public Future<NavigableMap<Long, Map<EdgeKey, EdgeCell>>> edges(long fromMs, long toMs) {
    List<Future<List<Row>>> reads = new ArrayList<>();
    for (long hour = partition(fromMs); hour < toMs; hour += PARTITION_MS) {
      reads.add(exec.readAll(selectEdges.bind(hour, fromMs, toMs)));
    }
    return Future.all(reads).map(f -> {
      NavigableMap<Long, Map<EdgeKey, EdgeCell>> out = new TreeMap<>();
      for (Future<List<Row>> r : reads) {
        for (Row row : r.result()) {
          Map<EdgeKey, EdgeCell> cells = out.computeIfAbsent(row.getLong(0), k -> new HashMap<>());
          DeltaCodec.readEdgesBlock(bytes(row.getByteBuffer(1)), (k, c) -> cells.merge(k, c, (x, y) -> {
            x.merge(y);
            return x;
          }));
        }
      }
      return out;
    });
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
