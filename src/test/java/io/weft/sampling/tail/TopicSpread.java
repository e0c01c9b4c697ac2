package io.weft.sampling.tail;

import io.weft.it.KafkaTopic;
import io.weft.kafka.SpanRecords;
import io.weft.wire.SpanBinaryCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The traces (hex ids) of a span topic with records produced decision_wait or more after their trace's
 * first, and the spans of those records: late for any reader that decides decision_wait after a trace's
 * first span, in record time however fast it reads (a loaded machine's SDK exporters send a trace's spans
 * seconds apart). Tests allow those and check the rest.
 */
record TopicSpread(Set<String> traces, long lateSpans) {

  /** Reads the whole topic: records' spans by trace, with their timestamps. */
  static TopicSpread read(KafkaTopic topic, long ms) {
    Map<String, List<long[]>> records = new HashMap<>(); // trace → {timestamp, spans}
    try (var c = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", topic.kafka.bootstrap(),
        "key.deserializer", ByteArrayDeserializer.class.getName(),
        "value.deserializer", ByteArrayDeserializer.class.getName()))) {
      List<TopicPartition> tps = c.partitionsFor(topic.name).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = c.endOffsets(tps);
      Map<Integer, Long> newest = new HashMap<>();
      long disorder = 0;
      while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        for (var r : c.poll(Duration.ofMillis(500))) {
          disorder = Math.max(disorder, newest.getOrDefault(r.partition(), r.timestamp()) - r.timestamp());
          newest.merge(r.partition(), r.timestamp(), Math::max);
          for (byte[] message : SpanRecords.messages(r.value())) { // a record may hold several traces
            var spans = SpanBinaryCodec.decode(message);
            records.computeIfAbsent(HexFormat.of().formatHex(SpanRecords.key(spans.get(0).traceId())),
                k -> new ArrayList<>()).add(new long[] {r.timestamp(), spans.size()});
          }
        }
      }
      // A record behind its partition's newest timestamp is read after records produced later: the margin.
      long due = ms - disorder;
      Set<String> spread = new HashSet<>();
      long lateSpans = 0;
      long overOneSecond = 0;
      for (var t : records.entrySet()) {
        long first = t.getValue().stream().mapToLong(r -> r[0]).min().orElseThrow();
        long last = t.getValue().stream().mapToLong(r -> r[0]).max().orElseThrow();
        overOneSecond += last - first >= 1000 ? 1 : 0;
        for (long[] r : t.getValue()) {
          if (r[0] - first >= due) {
            spread.add(t.getKey());
            lateSpans += r[1];
          }
        }
      }
      System.out.printf("records behind their partition's newest timestamp by up to %d ms; traces spread >= 1 s: %d,"
          + " >= %d ms: %d (%d spans in their late records)%n", disorder, overOneSecond, due, spread.size(), lateSpans);
      return new TopicSpread(spread, lateSpans);
    }
  }

  /** Leaves the spread traces out of what was sent and what was stored: the check covers the others. */
  void leaveOut(TailTraffic sent, Map<String, Integer> stored) {
    for (Set<String> ids : List.of(sent.errors, sent.slow, sent.rest)) {
      ids.removeAll(traces);
    }
    stored.keySet().removeAll(traces);
  }
}
