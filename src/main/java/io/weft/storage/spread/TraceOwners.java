package io.weft.storage.spread;

import io.weft.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which member owns a trace: rendezvous hashing of the trace id over member ids. Every member
 * computes the same owner from the same list, and when a member comes or goes only the traces it
 * wins or held move. The store's placement ({@link TraceOwnerWriter}) and tail sampling's routing use
 * it over the same members (the collectors), so a trace is decided where it is stored.
 */
public final class TraceOwners {
  private final List<String> ids;
  private final long[] weights;

  public TraceOwners(List<String> ids) {
    this.ids = List.copyOf(ids);
    this.weights = new long[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      long h = 0xcbf29ce484222325L;
      for (byte b : ids.get(i).getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
      weights[i] = h;
    }
  }

  public List<String> ids() {
    return ids;
  }

  public boolean isEmpty() {
    return ids.isEmpty();
  }

  /** The owner's index into {@link #ids()}; there must be one member at least. */
  public int ownerOf(TraceId id) {
    long t = id.high() * 0x9E3779B97F4A7C15L + id.low();
    int best = 0;
    long bestScore = Long.MIN_VALUE;
    for (int i = 0; i < weights.length; i++) {
      long score = mix(t ^ weights[i]);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  public String owner(TraceId id) {
    return ids.get(ownerOf(id));
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
