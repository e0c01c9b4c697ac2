package io.weft.query.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import io.weft.storage.TraceQuery;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchParamsTest {
  static final Timestamp T1 = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5_000).build();
  static final Timestamp T2 = Timestamp.newBuilder().setSeconds(1_700_000_060L).build();

  static SearchParams.Fields fields(String service, Timestamp min, Timestamp max, Duration dMin, Duration dMax, int depth) {
    return new SearchParams.Fields(service, "", Map.of("k", "v"), min == null ? Timestamp.getDefaultInstance() : min,
        min != null, max == null ? Timestamp.getDefaultInstance() : max, max != null, dMin, dMax, depth);
  }

  @Test
  void fieldsBecomeATraceQuery() {
    TraceQuery q = SearchParams.query(fields("cart", T1, T2, Duration.newBuilder().setNanos(1_500_000).build(),
        Duration.newBuilder().setSeconds(2).build(), 0));
    assertEquals(new TraceQuery("cart", null, Map.of("k", "v"), 1_700_000_000_000_005L, 1_700_000_060_000_000L,
        1_500, 2_000_000, SearchParams.DEFAULT_SEARCH_DEPTH), q);
    assertNull(q.operation());
  }

  @Test
  void badFieldsAreRefusedWithTheirName() {
    Duration none = Duration.getDefaultInstance();
    assertEquals("start time min and max are required parameters",
        assertThrows(BadRequestException.class, () -> SearchParams.query(fields("a", null, T2, none, none, 1))).getMessage());
    assertEquals("start_time_max must not be before start_time_min",
        assertThrows(BadRequestException.class, () -> SearchParams.query(fields("a", T2, T1, none, none, 1))).getMessage());
    assertEquals("invalid duration_min: a duration must not be negative", assertThrows(BadRequestException.class,
        () -> SearchParams.query(fields("a", T1, T2, Duration.newBuilder().setSeconds(-1).build(), none, 1))).getMessage());
    assertEquals("duration_max must not be less than duration_min", assertThrows(BadRequestException.class,
        () -> SearchParams.query(fields("a", T1, T2, Duration.newBuilder().setSeconds(2).build(),
            Duration.newBuilder().setSeconds(1).build(), 1))).getMessage());
    Timestamp badNanos = Timestamp.newBuilder().setSeconds(1).setNanos(-5).build();
    assertThrows(BadRequestException.class, () -> SearchParams.query(fields("a", badNanos, T2, none, none, 1)));
    assertNull(SearchParams.query(fields("", T1, T2, none, none, 1)).service(), "no service: any service");
  }

  @Test
  void traceIdsInHexBase64AndBytes() {
    TraceId id = new TraceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
    assertEquals(id, SearchParams.traceId("0102030405060708090a0b0c0d0e0f10"));
    assertEquals(id, SearchParams.traceId("AQIDBAUGBwgJCgsMDQ4PEA=="));
    assertEquals(new TraceId(0, 0xabc), SearchParams.traceId("abc"));
    assertEquals(id, SearchParams.traceId(ByteString.copyFrom(java.util.HexFormat.of()
        .parseHex("0102030405060708090a0b0c0d0e0f10"))));
    assertEquals(new TraceId(0, 5), SearchParams.traceId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 5})));
    assertThrows(BadRequestException.class, () -> SearchParams.traceId("not-an-id"));
    assertThrows(BadRequestException.class, () -> SearchParams.traceId(""));
    assertThrows(BadRequestException.class, () -> SearchParams.traceId("0000"));
    assertEquals("uninitialized TraceID is not allowed",
        assertThrows(BadRequestException.class, () -> SearchParams.traceId(ByteString.EMPTY)).getMessage());
    assertThrows(BadRequestException.class, () -> SearchParams.traceId(ByteString.copyFrom(new byte[5])));
  }

  @Test
  void aDependencyRangeNeedsBothEndsInOrder() {
    assertEquals(2, SearchParams.range(T1, true, T2, true).length);
    assertEquals("end_time is required",
        assertThrows(BadRequestException.class, () -> SearchParams.range(T1, true, T2, false)).getMessage());
    assertEquals("end_time must be after start_time",
        assertThrows(BadRequestException.class, () -> SearchParams.range(T2, true, T1, true)).getMessage());
  }
}
