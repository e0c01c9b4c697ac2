package io.weft.storage.cold;

import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.Arrays;
import java.util.List;

/**
 * The tags of a row group's spans, as a search matches them ({@link io.weft.storage.SpanMatcher}: the
 * tags Jaeger shows, process tags, log fields; key and text value), hashed, for the group's Bloom filter.
 */
final class TagHashes {
  private long[] hashes = new long[1024];
  private int size;

  void addTrace(List<Span> trace) {
    for (Span s : trace) {
      add(JaegerTags.effective(s));
      if (s.process() != null) {
        add(s.process().tags());
      }
      for (Log l : s.logs()) {
        add(l.fields());
      }
    }
  }

  private void add(List<Tag> tags) {
    for (Tag t : tags) {
      if (size == hashes.length) {
        hashes = Arrays.copyOf(hashes, size * 2);
      }
      hashes[size++] = BloomFilter.hash(t.key(), t.valueAsString());
    }
  }

  /** A filter of the distinct tags added. */
  BloomFilter toFilter() {
    long[] sorted = Arrays.copyOf(hashes, size);
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    BloomFilter f = BloomFilter.sized(distinct, BlockWriter.TAG_BITS_PER_KEY);
    for (int i = 0; i < distinct; i++) {
      f.add(sorted[i]);
    }
    return f;
  }
}
