package io.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A writer that wraps another ({@code implements SpanWriter} with a {@code SpanWriter} field) says what
 * happens to {@code writeEncoded}: SpanWriter's default passes on only the decoded spans, so the store
 * below would encode every span of an ingester's records again instead of keeping the record values.
 */
class WriterDecoratorsTest {
  private static final Pattern WRITER = Pattern.compile("implements\\s+SpanWriter\\b");
  private static final Pattern WRAPS = Pattern.compile("private\\s+(?:final\\s+)?SpanWriter\\s+\\w+\\s*;");
  /** Collector-side only: it sits above Kafka, and ingesters never write through it. */
  private static final Set<String> INTAKE_ONLY = Set.of("io/weft/sampling/tail/TailSamplingWriter.java");

  @Test
  void everyWrappingWriterPassesEncodedWritesOn() throws Exception {
    List<String> wrapping = new ArrayList<>();
    List<String> offenders = new ArrayList<>();
    for (SourceTree.SourceFile f : SourceTree.main().byRelative.values()) {
      String text = Files.readString(f.path());
      if (WRITER.matcher(text).find() && WRAPS.matcher(text).find() && !INTAKE_ONLY.contains(f.relative())) {
        wrapping.add(f.relative());
        if (!text.contains("writeEncoded(")) {
          offenders.add(f.relative());
        }
      }
    }
    assertTrue(wrapping.contains("io/weft/storage/live/LiveSpanWriter.java"), "the check finds the wrapping writers: "
        + wrapping);
    assertEquals(List.of(), offenders, "writers wrapping a writer without writeEncoded");
  }
}
