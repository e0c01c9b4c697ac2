package io.weft.collector;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adds what the collector knows and the span does not: the format it arrived in (Jaeger's
 * {@code internal.span.format} tag) and, when the process names no host, the sender's address as
 * its {@code ip} tag, which the query's clock-skew adjuster uses to tell hosts apart.
 */
public final class SpanEnricher {
  public static final String FORMAT_TAG = io.weft.model.JaegerTags.SPAN_FORMAT;

  private SpanEnricher() {}

  /** The {@code internal.span.format} tag; tags are immutable, so a batch can share one. */
  public static Tag formatTag(String format) {
    return Tag.string(FORMAT_TAG, format);
  }

  /** Adds the format tag (made once for a batch by {@link #formatTag}) and the peer's address. */
  public static Span enrich(Span s, Tag formatTag, String peerIp) {
    // An array view: the span copies it once into its immutable list.
    Tag[] tags = s.tags().toArray(new Tag[s.tags().size() + 1]);
    tags[tags.length - 1] = formatTag;
    Span.Builder b = s.toBuilder().tags(Arrays.asList(tags));
    if (peerIp != null && !peerIp.isEmpty() && !namesHost(s.process())) {
      List<Tag> ptags = new ArrayList<>(s.process().tags());
      ptags.add(Tag.string("ip", peerIp));
      b.process(new Process(s.process().serviceName(), ptags));
    }
    return b.build();
  }

  private static boolean namesHost(Process p) {
    for (Tag t : p.tags()) {
      switch (t.key()) {
        case "ip", "host.name", "hostname", "host.ip" -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }
}
