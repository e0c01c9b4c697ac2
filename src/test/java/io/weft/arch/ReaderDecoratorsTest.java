package io.weft.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A reader that wraps another ({@code implements SpanReader} with a {@code SpanReader} field) passes
 * {@code scanTraces} on: SpanReader's default would search with {@code findTraces} and test the
 * traces itself, and a store's own scan (with its indexes, where the spans are) would be skipped.
 */
class ReaderDecoratorsTest {
  private static final Pattern READER = Pattern.compile("implements\\s+(?:SpanReader|SpanStore)\\b");
  private static final Pattern WRAPS = Pattern.compile("private\\s+(?:final\\s+)?(?:SpanReader|SpanStore)\\s+\\w+\\s*;");

  @Test
  void everyWrappingReaderPassesScansOn() throws Exception {
    List<String> wrapping = new ArrayList<>();
    List<String> offenders = new ArrayList<>();
    for (SourceTree.SourceFile f : SourceTree.main().byRelative.values()) {
      String text = Files.readString(f.path());
      if (READER.matcher(text).find() && WRAPS.matcher(text).find()) {
        wrapping.add(f.relative());
        if (!text.contains("scanTraces(")) {
          offenders.add(f.relative());
        }
      }
    }
    assertFalse(wrapping.isEmpty(), "the check finds the wrapping readers (the archive fallback is one)");
    assertEquals(List.of(), offenders, "readers wrapping a reader without scanTraces");
  }
}
