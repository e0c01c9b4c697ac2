package io.weft.storage.opensearch;

import io.weft.config.ConfigException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Names of the time-sliced indices: {@code [prefix-]base-kind-date}, as Jaeger names its own
 * ({@code jaeger-span-2026-12-04}, {@code prod-jaeger-service-2026-12-04}). The date is UTC in a
 * configurable layout; a layout with hours rotates hourly, any other daily. A search over a time
 * range names the indices it covers; over a longer range, or none, it uses the kind's wildcard.
 */
public final class IndexNames {
  public static final String SPAN = "span";
  public static final String SERVICE = "service";
  public static final String DEPENDENCIES = "dependencies";
  /** Span metrics (the flushes of the collectors' aggregation). */
  public static final String METRICS = "metrics";
  /** Beyond this many indices a search uses the wildcard: shorter URLs, and the time filter still applies. */
  static final int MAX_NAMED = 48;

  private final String prefix;
  private final DateTimeFormatter format;
  private final ChronoUnit unit;

  IndexNames(String indexPrefix, String base, String dateLayout) {
    this.prefix = (indexPrefix.isEmpty() ? "" : indexPrefix + "-") + base + "-";
    this.format = DateTimeFormatter.ofPattern(dateLayout, Locale.ROOT).withZone(ZoneOffset.UTC);
    this.unit = dateLayout.contains("H") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
  }

  /** Fails unless the layout formats a date into something an index name may hold. */
  static void checkLayout(String layout) {
    try {
      String s = DateTimeFormatter.ofPattern(layout, Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.EPOCH);
      if (s.isEmpty() || !s.equals(s.toLowerCase(Locale.ROOT)) || s.matches(".*[\\\\/*?\"<>| ,#:].*")) {
        throw new ConfigException("opensearch.index.date-layout gives '" + s + "', not usable in an index name");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("opensearch.index.date-layout '" + layout + "': " + e.getMessage());
    }
  }

  /** The index of {@code kind} holding data of the given time. */
  public String index(String kind, long epochMicros) {
    return prefix + kind + "-" + format.format(Instant.ofEpochMilli(Math.floorDiv(epochMicros, 1000)));
  }

  /** Every index of {@code kind}; for spans, the archive matches too (the span template covers it). */
  public String pattern(String kind) {
    return prefix + kind + "-*";
  }

  /** Every index of {@code kind} a search may read: for spans, all but the archive. */
  public String searchable(String kind) {
    return kind.equals(SPAN) ? pattern(kind) + ",-" + archive() + "*" : pattern(kind);
  }

  /**
   * The archive's span index, without a date: {@code [prefix-]base-span-archive}, Jaeger's
   * {@code jaeger-span-archive}. Its name matches the span template, so it has the spans' mapping;
   * no date can be parsed from it, so retention never deletes it.
   */
  public String archive() {
    return prefix + SPAN + "-archive";
  }

  /** Start of this name's prefix for {@code kind}, what {@link #periodStart} strips. */
  public String base(String kind) {
    return prefix + kind + "-";
  }

  /**
   * The indices holding data of [minMicros, maxMicros] (0 for an open end), newest first, as one
   * comma list for a URL; the wildcard when the range is open or covers more than {@link #MAX_NAMED}.
   */
  public String covering(String kind, long minMicros, long maxMicros) {
    if (minMicros <= 0 || maxMicros <= 0 || maxMicros < minMicros) {
      return searchable(kind);
    }
    Instant first = truncate(Instant.ofEpochMilli(minMicros / 1000));
    Instant last = truncate(Instant.ofEpochMilli(maxMicros / 1000));
    if (unit.between(first, last) >= MAX_NAMED) {
      return searchable(kind);
    }
    // A set: a layout coarser than a day (yyyy-MM) names one index for many days.
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (Instant t = last; !t.isBefore(first); t = t.minus(1, unit)) {
      names.add(prefix + kind + "-" + format.format(t));
    }
    return String.join(",", names);
  }

  /** The length of one index's period. */
  public long periodMicros() {
    return unit.getDuration().toNanos() / 1000;
  }

  /** When the period of an index named by {@link #index} began, or null for a name of another shape. */
  public Instant periodStart(String kind, String indexName) {
    String base = base(kind);
    if (!indexName.startsWith(base)) {
      return null;
    }
    String date = indexName.substring(base.length());
    try {
      Instant t = unit == ChronoUnit.HOURS
          ? LocalDateTime.parse(date, format).toInstant(ZoneOffset.UTC)
          : LocalDate.parse(date, format).atStartOfDay().toInstant(ZoneOffset.UTC);
      return format.format(t).equals(date) ? t : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private Instant truncate(Instant t) {
    return t.truncatedTo(unit);
  }
}
