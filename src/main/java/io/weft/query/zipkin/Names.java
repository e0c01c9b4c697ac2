package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.weft.codec.ZipkinDecoder;
import io.weft.storage.SpanReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Zipkin's names are lowercase (its model lowercases them on the way in, and its server lowercases
 * them in queries); Weft keeps them as sent. So Zipkin's API shows Weft's names lowercased, and a
 * name in a query stands for every stored name that lowercases to it.
 */
final class Names {
  private Names() {}

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** The stored names that are {@code lowercase} once lowercased. */
  static List<String> matching(Collection<String> stored, String lowercase) {
    List<String> out = new ArrayList<>(1);
    for (String s : stored) {
      if (lower(s).equals(lowercase)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The stored services a Zipkin service name stands for; Jaeger's placeholder for "no service" is none. */
  static Future<List<String>> services(SpanReader reader, String zipkinName) {
    String lowercase = lower(zipkinName);
    return reader.getServices().map(all -> matching(all, lowercase).stream()
        .filter(s -> !s.equals(ZipkinDecoder.UNKNOWN_SERVICE)).toList());
  }

  /** Milliseconds as microseconds, saturating instead of overflowing. */
  static long micros(long millis) {
    return millis > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : millis < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : millis * 1000;
  }
}
