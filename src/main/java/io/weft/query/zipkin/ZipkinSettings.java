package io.weft.query.zipkin;

import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of Zipkin's query API and of Zipkin Lens.
 *
 * @param lensFolder folder holding Lens's index.html and static/ ("" when Lens is not served)
 * @param autocompleteKeys tag keys {@code /api/v2/autocompleteValues} answers for, as Zipkin's AUTOCOMPLETE_KEYS
 */
public record ZipkinSettings(String lensFolder, List<String> autocompleteKeys) {
  /** Zipkin's {@code zipkin.query.lookback}: a day, when a search or dependency request names none. */
  static final long DEFAULT_LOOKBACK_MS = 86_400_000L;
  /** Zipkin's {@code zipkin.query.names-max-age}: how long a browser may keep a names list, in seconds. */
  static final int NAMES_MAX_AGE = 300;

  public ZipkinSettings {
    autocompleteKeys = List.copyOf(autocompleteKeys);
  }

  public static ZipkinSettings from(WeftConfig c) {
    List<String> keys = new ArrayList<>();
    for (String k : c.get(Options.QUERY_ZIPKIN_AUTOCOMPLETE_KEYS).split(",")) { // tag keys keep their case
      if (!k.isBlank()) {
        keys.add(k.trim());
      }
    }
    return new ZipkinSettings(c.get(Options.QUERY_ZIPKIN_LENS).trim(), keys);
  }

  public static ZipkinSettings defaults() {
    return new ZipkinSettings("", List.of());
  }
}
