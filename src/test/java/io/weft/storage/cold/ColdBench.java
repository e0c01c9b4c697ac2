package io.weft.storage.cold;

import static io.weft.testing.Wait.await;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.weft.codec.OtlpDecoder;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import io.weft.tracegen.SampleBodies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cold tier's figures on tracegen's spans (8 spans a trace, 6 services, 5 string tags): bytes per span
 * at rest and CPU per block, Weft's format beside Parquet (zstd both); trace by id from the local S3 API
 * (s3proxy); scan rate of a search reading every page, and of a TraceQL scan testing every trace. Prints a Markdown table; never fails on a number.
 * Run it alone: bench/cold.sh (or mvn test -Dtest=ColdBench -Dweft.bench.cold=true [-Dweft.bench.cold.spans=400000]).
 */
@EnabledIfSystemProperty(named = "weft.bench.cold", matches = "true")
class ColdBench {
  static final int SPANS = Integer.getInteger("weft.bench.cold.spans", 400_000);
  static final int BLOCK_SPANS = Integer.getInteger("weft.bench.cold.block-spans", 100_000);
  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  final Map<String, String> rows = new LinkedHashMap<>();

  @Test
  void measure() throws Exception {
    List<List<Span>> traces = tracegenTraces(SPANS);
    long spans = traces.stream().mapToLong(List::size).sum();
    List<EncodedTrace> encoded = traces.stream().map(EncodedTrace::of).toList();
    List<List<EncodedTrace>> blocks = chunks(encoded, BLOCK_SPANS);
    row("spans (tracegen defaults: 8 a trace, 6 services, 5 tags)", String.format("%,d in %,d traces", spans, traces.size()));

    // Weft's format: bytes, and CPU of building blocks (after a warm-up round).
    BlockWriter writer = new BlockWriter(3);
    for (List<EncodedTrace> b : blocks) {
      writer.write("warm", 0, 1, 0, List.of(), b, 0);
    }
    long cpu0 = CPU.getCurrentThreadCpuTime();
    List<BlockWriter.Built> built = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      built.add(writer.write("b" + i, 0, 1, 0, List.of(), blocks.get(i), 0));
    }
    double cpuS = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
    long bytes = built.stream().mapToLong(b -> b.data().length).sum();
    long[] sections = new long[5];
    for (BlockWriter.Built b : built) {
      BlockMeta.Sections s = b.meta().sections();
      sections[0] += s.pagesLength();
      sections[1] += s.bloomLength();
      sections[2] += s.indexLength();
      sections[3] += s.columnsLength();
      sections[4] += s.linksLength();
    }
    row("Weft blocks: bytes per span at rest (zstd 3)", String.format("%.1f B (pages %.1f, Bloom %.2f, index %.2f,"
        + " columns %.1f, links %.2f)", bytes / (double) spans, sections[0] / (double) spans, sections[1] / (double) spans,
        sections[2] / (double) spans, sections[3] / (double) spans, sections[4] / (double) spans));
    row("Weft blocks: CPU to build", String.format("%.2f s for %d blocks of %,d spans: %.1f blocks/CPU-s, %,.0f spans/CPU-s",
        cpuS, built.size(), BLOCK_SPANS, built.size() / cpuS, spans / cpuS));

    for (int level : new int[] {6, 9}) {
      BlockWriter w = new BlockWriter(level);
      long c0 = CPU.getCurrentThreadCpuTime();
      long total = 0;
      for (int i = 0; i < blocks.size(); i++) {
        total += w.write("l" + i, 0, 1, 0, List.of(), blocks.get(i), 0).data().length;
      }
      double c = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
      row("Weft blocks at zstd " + level + " (cold.zstd-level)", String.format("%.1f B per span; %.1f blocks/CPU-s,"
          + " %,.0f spans/CPU-s", total / (double) spans, built.size() / c, spans / c));
    }

    // Parquet, the same traces (a file per block, like the blocks), zstd; after a warm-up file.
    Path dir = Files.createTempDirectory("weft-bench-parquet");
    try {
      for (CompressionCodecName codec : List.of(CompressionCodecName.ZSTD, CompressionCodecName.SNAPPY)) {
        List<List<List<Span>>> byBlock = new ArrayList<>();
        for (List<EncodedTrace> b : blocks) {
          List<EncodedTrace> sorted = new ArrayList<>(b);
          sorted.sort(java.util.Comparator.comparing(EncodedTrace::id));
          byBlock.add(sorted.stream().map(EncodedTrace::decode).toList());
        }
        ParquetSpans.write(byBlock.get(0), dir.resolve("warm.parquet"), codec);
        long p0 = CPU.getCurrentThreadCpuTime();
        long pBytes = 0;
        for (int i = 0; i < byBlock.size(); i++) {
          pBytes += ParquetSpans.write(byBlock.get(i), dir.resolve("b" + i + ".parquet"), codec);
        }
        double pCpu = (CPU.getCurrentThreadCpuTime() - p0) / 1e9;
        row("Parquet (" + codec + "): bytes per span, CPU", String.format("%.1f B; %.2f s for %d files: %.1f files/CPU-s,"
            + " %,.0f spans/CPU-s", pBytes / (double) spans, pCpu, byBlock.size(), byBlock.size() / pCpu, spans / pCpu));
      }
    } catch (Throwable e) {
      row("Parquet", "failed: " + e);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    s3(built, traces, spans);
    rows.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
  }

  /** Trace by id and a full scan against the local S3 API. */
  private void s3(List<BlockWriter.Built> built, List<List<Span>> traces, long spans) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      S3TestServer server = S3TestServer.shared();
      String prefix = "bench-" + System.nanoTime() + "/";
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("bench-cold", 8);
      ColdSettings s = TieredStoreContract.settings(Map.of("cold.prefix", prefix, "cold.search.max-bytes",
          Long.toString(1L << 40), "cold.search.parallelism", "2"));
      ColdStore writer = await(ColdStore.open(vertx, s, server.objects(workers), workers, new WeftMetrics()));
      for (BlockWriter.Built b : built) {
        BlockMeta m = b.meta();
        BlockMeta renamed = new BlockMeta("blk" + m.id(), m.format(), m.windowFrom(), m.windowTo(), m.minStart(),
            m.maxStart(), m.traces(), m.spans(), m.bytes(), m.level(), m.sources(), m.created(), m.services(),
            m.operations(), m.sections());
        await(writer.commit(new BlockWriter.Built(b.data(), renamed)), 120);
      }
      await(writer.close());

      WorkerExecutor w2 = vertx.createSharedWorkerExecutor("bench-cold-2", 8);
      ColdStore cold = await(ColdStore.open(vertx, s, server.objects(w2), w2, new WeftMetrics()));
      Random r = new Random(9);
      TraceId first = traces.get(r.nextInt(traces.size())).get(0).traceId();
      long t0 = System.nanoTime();
      await(cold.reader().getTrace(first));
      double firstMs = (System.nanoTime() - t0) / 1e6;
      long[] hits = new long[2000];
      for (int i = 0; i < hits.length; i++) {
        TraceId id = traces.get(r.nextInt(traces.size())).get(0).traceId();
        long a = System.nanoTime();
        if (await(cold.reader().getTrace(id)).isEmpty()) {
          throw new IllegalStateException("trace not found: " + id);
        }
        hits[i] = System.nanoTime() - a;
      }
      long[] misses = new long[500];
      for (int i = 0; i < misses.length; i++) {
        long a = System.nanoTime();
        await(cold.reader().getTrace(new TraceId(r.nextLong(), r.nextLong())));
        misses[i] = System.nanoTime() - a;
      }
      row("trace by id from cold, local S3 (" + built.size() + " blocks)", String.format("first (empty caches) %.1f ms;"
          + " then p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d reads; absent id p99 %.2f ms", firstMs,
          pct(hits, 50), pct(hits, 99), pct(hits, 100), hits.length, pct(misses, 99)));

      // A search no column can narrow (a tag on about 0.1% of spans, in every row group): every page is read.
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      TraceQuery q = new TraceQuery(null, null, Map.of("tag.0", "value-7"), 0, 0, 0, 0, 1_000_000);
      await(cold.reader().findTraces(q), 300); // warm (JIT, column caches)
      long c0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      int found = await(cold.reader().findTraces(q), 300).size();
      double cpu = (os.getProcessCpuTime() - c0) / 1e9;
      double wall = (System.nanoTime() - w0) / 1e9;
      row("scan: a search reading every page", String.format("%,d spans in %.2f s wall, %.2f CPU-s of Weft's JVM:"
          + " %,.0f spans/s per core (%d traces matched)", spans, wall, cpu, spans / cpu, found));

      // The query language: a regular expression no column or Bloom filter can narrow, so every trace is
      // decoded and tested by the query (on the cold tier's workers).
      io.weft.traceql.Query ql = io.weft.traceql.Query.parse("{ span.tag.0 =~ \"value-7.*\" }");
      io.weft.storage.TraceScan scan = new io.weft.storage.TraceScan(ql.candidates().toTraceQuery(0, 0, 1_000_000), ql,
          0);
      await(cold.reader().scanTraces(scan), 300); // warm
      c0 = os.getProcessCpuTime();
      w0 = System.nanoTime();
      io.weft.storage.ScanResult sr = await(cold.reader().scanTraces(scan), 300);
      cpu = (os.getProcessCpuTime() - c0) / 1e9;
      wall = (System.nanoTime() - w0) / 1e9;
      row("TraceQL scan over every cold trace", String.format("%,d spans in %.2f s wall, %.2f CPU-s of Weft's JVM:"
          + " %,.0f spans/s per core (%d traces tested, %d matched)", spans, wall, cpu, spans / cpu, sr.examined(),
          sr.traces().size()));
      await(cold.close());
    } finally {
      await(vertx.close());
    }
  }

  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
    return s[Math.max(0, i)] / 1e6;
  }

  private void row(String what, String value) {
    rows.put(what, value);
    System.out.println(what + ": " + value);
  }

  static List<List<Span>> tracegenTraces(int spans) {
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (byte[] body : SampleBodies.distinctBodies(512, (spans + 511) / 512, 1)) {
      for (Span s : OtlpDecoder.decodeProto(body)) {
        byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
      }
    }
    return new ArrayList<>(byTrace.values());
  }

  static List<List<EncodedTrace>> chunks(List<EncodedTrace> traces, int spansEach) {
    List<List<EncodedTrace>> out = new ArrayList<>();
    List<EncodedTrace> cur = new ArrayList<>();
    long n = 0;
    for (EncodedTrace t : traces) {
      cur.add(t);
      n += t.spans();
      if (n >= spansEach) {
        out.add(cur);
        cur = new ArrayList<>();
        n = 0;
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }
}
