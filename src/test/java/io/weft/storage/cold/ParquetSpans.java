package io.weft.storage.cold;

import io.weft.model.Span;
import io.weft.model.Tag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The bench's Parquet side: the same traces as one Parquet file, a row per span in trace-id order, columns
 * as Tempo's vParquet keeps them (ids, times, service and name dictionary-encoded, attributes as repeated
 * key/value, events and links left out as tracegen makes none), zstd. Only for measuring; not a Weft format.
 */
final class ParquetSpans {
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message span {
        required fixed_len_byte_array(16) trace_id;
        required int64 span_id;
        required int64 parent_span_id;
        required int64 start_unix_micros;
        required int64 duration_micros;
        required binary service (STRING);
        required binary name (STRING);
        required int32 kind;
        required int32 status_code;
        repeated group attrs { required binary key (STRING); required binary value (STRING); }
        repeated group resource_attrs { required binary key (STRING); required binary value (STRING); }
      }""");

  private ParquetSpans() {}

  /** Writes the traces (each a list of spans, in trace-id order) to {@code file}; its size in bytes. */
  static long write(List<List<Span>> traces, Path file, CompressionCodecName codec) throws IOException {
    Files.deleteIfExists(file);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
        .withCompressionCodec(codec).withDictionaryEncoding(true).withRowGroupSize(64L << 20).build()) {
      for (List<Span> t : traces) {
        for (Span s : t) {
          ByteBuffer id = ByteBuffer.allocate(16).putLong(s.traceId().high()).putLong(s.traceId().low());
          Group g = groups.newGroup()
              .append("trace_id", Binary.fromConstantByteArray(id.array()))
              .append("span_id", s.spanId()).append("parent_span_id", s.parentSpanId())
              .append("start_unix_micros", s.startTimeMicros()).append("duration_micros", s.durationMicros())
              .append("service", s.serviceName() == null ? "" : s.serviceName())
              .append("name", s.operationName() == null ? "" : s.operationName())
              .append("kind", s.kind().ordinal()).append("status_code", s.statusCode().ordinal());
          for (Tag tag : s.tags()) {
            g.addGroup("attrs").append("key", tag.key()).append("value", tag.valueAsString());
          }
          if (s.process() != null) {
            for (Tag tag : s.process().tags()) {
              g.addGroup("resource_attrs").append("key", tag.key()).append("value", tag.valueAsString());
            }
          }
          w.write(g);
        }
      }
    }
    return Files.size(file);
  }
}
