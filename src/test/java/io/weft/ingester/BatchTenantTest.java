package io.weft.ingester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.config.WeftConfig;
import io.weft.kafka.SpanRecords;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import io.weft.testing.TestSpans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The ingester groups a poll's spans by each record's tenant header; a refused tenant is a dead letter. */
class BatchTenantTest {
  static ConsumerRecord<byte[], byte[]> record(long offset, String tenant, Span span) {
    RecordHeaders h = new RecordHeaders();
    if (tenant != null) {
      h.add(SpanRecords.TENANT_HEADER, tenant.getBytes(StandardCharsets.UTF_8));
    }
    return new ConsumerRecord<>("t", 0, offset, 0L, TimestampType.CREATE_TIME, 16, 100, new byte[16],
        SpanRecords.encode(List.of(span)).get(0).value(), h, Optional.empty());
  }

  @Test
  void spansGoToTheRecordsTenantOrTheDefault() {
    TenantResolver r = new TenantResolver(TenancySettings.from(WeftConfig.defaults().with(Map.of(
        "tenancy.enabled", "true", "tenancy.tenants", "a,b", "tenancy.default", "a"))), null);
    Span s = TestSpans.of(new TraceId(0, 1), 1, 0, "svc", "op").build();
    TopicPartition tp = new TopicPartition("t", 0);
    ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(tp, List.of(record(0, "b", s),
        record(1, null, s), record(2, "intruder", s), record(3, "a", s))));
    Batch b = Batch.decode(polled, null, r, false);
    assertEquals(2, b.byTenant.get("a").size(), "no header: the default tenant");
    assertEquals(1, b.byTenant.get("b").size());
    assertEquals(3, b.spanCount);
    assertEquals(1, b.poison.size());
    assertTrue(b.poison.get(0).reason().contains("intruder"), b.poison.get(0).reason());
    assertEquals(4L, b.nextOffsets.get(tp));
  }

  @Test
  void withoutTenancyEveryRecordIsTheImplicitTenants() {
    Span s = TestSpans.of(new TraceId(0, 1), 1, 0, "svc", "op").build();
    ConsumerRecords<byte[], byte[]> polled = new ConsumerRecords<>(Map.of(new TopicPartition("t", 0),
        List.of(record(0, null, s), record(1, "b", s))));
    Batch b = Batch.decode(polled, null);
    assertEquals(java.util.Set.of(TenancySettings.IMPLICIT), b.byTenant.keySet());
    assertEquals(2, b.byTenant.get(TenancySettings.IMPLICIT).size());
    assertEquals(2, b.spanCount);
  }
}
