package io.weft.storage.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.config.ConfigException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexNamesTest {
  private static long micros(String iso) {
    return Instant.parse(iso).toEpochMilli() * 1000;
  }

  @Test
  void dailyNamesAsJaegerGivesThem() {
    IndexNames jaeger = new IndexNames("prod", "jaeger", "yyyy-MM-dd");
    assertEquals("prod-jaeger-span-2026-12-04", jaeger.index(IndexNames.SPAN, micros("2026-12-04T23:59:59.999Z")));
    IndexNames weft = new IndexNames("", "weft", "yyyy-MM-dd");
    assertEquals("weft-service-2026-12-05", weft.index(IndexNames.SERVICE, micros("2026-12-05T00:00:00Z")));
    assertEquals("weft-span-*", weft.pattern(IndexNames.SPAN));
  }

  @Test
  void theArchiveIsJaegersUndatedIndexAndSearchesLeaveItOut() {
    assertEquals("prod-jaeger-span-archive", new IndexNames("prod", "jaeger", "yyyy-MM-dd").archive());
    IndexNames weft = new IndexNames("", "weft", "yyyy-MM-dd");
    assertEquals("weft-span-archive", weft.archive());
    assertEquals("weft-span-*,-weft-span-archive*", weft.searchable(IndexNames.SPAN));
    assertEquals("weft-service-*", weft.searchable(IndexNames.SERVICE));
    assertNull(weft.periodStart(IndexNames.SPAN, weft.archive()), "retention never deletes the archive");
    assertNull(new IndexNames("", "weft", "yyyy-MM-dd-HH").periodStart(IndexNames.SPAN, weft.archive()));
  }

  @Test
  void aRangeNamesItsSlicesNewestFirstOrUsesTheWildcard() {
    IndexNames daily = new IndexNames("", "weft", "yyyy-MM-dd");
    assertEquals("weft-span-2026-12-04,weft-span-2026-12-03,weft-span-2026-12-02",
        daily.covering(IndexNames.SPAN, micros("2026-12-02T23:00:00Z"), micros("2026-12-04T01:00:00Z")));
    assertEquals("weft-span-*,-weft-span-archive*", daily.covering(IndexNames.SPAN, 0, micros("2026-12-04T01:00:00Z")),
        "open start");
    assertEquals("weft-span-*,-weft-span-archive*", daily.covering(IndexNames.SPAN, micros("2026-01-01T00:00:00Z"),
        micros("2026-12-04T01:00:00Z")), "too many to name");
    IndexNames hourly = new IndexNames("", "weft", "yyyy-MM-dd-HH");
    assertEquals("weft-span-2026-12-04-01,weft-span-2026-12-04-00",
        hourly.covering(IndexNames.SPAN, micros("2026-12-04T00:30:00Z"), micros("2026-12-04T01:10:00Z")));
    assertEquals(3_600_000_000L, hourly.periodMicros());
    IndexNames monthly = new IndexNames("", "weft", "yyyy.MM");
    assertEquals("weft-span-2026.12", monthly.covering(IndexNames.SPAN, micros("2026-12-01T00:00:00Z"),
        micros("2026-12-04T00:00:00Z")), "one name for many days");
  }

  @Test
  void theSliceOfAnIndexNameForRetention() {
    IndexNames daily = new IndexNames("", "weft", "yyyy-MM-dd");
    assertEquals(Instant.parse("2026-12-04T00:00:00Z"), daily.periodStart(IndexNames.SPAN, "weft-span-2026-12-04"));
    assertNull(daily.periodStart(IndexNames.SPAN, "weft-span-archive"));
    assertNull(daily.periodStart(IndexNames.SPAN, "weft-service-2026-12-04"));
    IndexNames hourly = new IndexNames("p", "weft", "yyyy-MM-dd-HH");
    assertEquals(Instant.parse("2026-12-04T07:00:00Z"), hourly.periodStart(IndexNames.SPAN, "p-weft-span-2026-12-04-07"));
  }

  @Test
  void aLayoutThatCannotNameAnIndexIsRefused() {
    assertThrows(ConfigException.class, () -> IndexNames.checkLayout("yyyy/MM/dd"));
    assertThrows(ConfigException.class, () -> IndexNames.checkLayout("MMM-dd"));
    assertThrows(ConfigException.class, () -> IndexNames.checkLayout("yyyy-qqqqq-bad{"));
  }
}
