package io.weft.storage.cold;

import io.weft.storage.DependencyLinker;
import java.util.List;

/**
 * A block's dependency links: calls parent service → child service, summed per second of trace start,
 * computed when the block was written ({@link DependencyLinker}), so a dependency query reads no span.
 * Serialized (then zstd): {@code rows:uvarint (secondDelta:svarint parent:uvarint child:uvarint calls:uvarint){rows}}.
 */
final class BlockLinks {
  private final long[] seconds;
  private final String[] parents;
  private final String[] children;
  private final long[] calls;

  private BlockLinks(long[] seconds, String[] parents, String[] children, long[] calls) {
    this.seconds = seconds;
    this.parents = parents;
    this.children = children;
    this.calls = calls;
  }

  /** Adds the calls of traces starting in [fromMicros, toMicros], to the second (both end seconds count whole). */
  void addTo(DependencyLinker into, long fromMicros, long toMicros) {
    long from = Math.floorDiv(fromMicros, 1_000_000L);
    long to = Math.floorDiv(toMicros, 1_000_000L);
    for (int i = 0; i < seconds.length; i++) {
      if (seconds[i] >= from && seconds[i] <= to) {
        into.add(parents[i], children[i], calls[i]);
      }
    }
  }

  long sizeBytes() {
    return seconds.length * 40L;
  }

  static BlockLinks read(byte[] b, BlockMeta meta) {
    ByteSource in = new ByteSource(b);
    int n = in.count();
    if (n > b.length) {
      throw new IllegalArgumentException("link count larger than the section");
    }
    long[] seconds = new long[n];
    String[] parents = new String[n];
    String[] children = new String[n];
    long[] calls = new long[n];
    long prev = 0;
    List<String> services = meta.services();
    for (int i = 0; i < n; i++) {
      prev += in.varint();
      seconds[i] = prev;
      parents[i] = services.get(in.count());
      children[i] = services.get(in.count());
      calls[i] = in.uvarint();
    }
    in.expectEnd();
    return new BlockLinks(seconds, parents, children, calls);
  }
}
