package io.weft.storage.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.weft.metrics.VertxMetricsGuard;
import io.weft.model.Span;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.testing.TestSpans;
import io.weft.testing.Wait;
import io.weft.wire.Addresses;
import io.weft.wire.EncodedTrace;
import io.weft.wire.SpanBinaryCodec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An unclustered node publishes live spans only while a consumer of a live address exists, whoever
 * registered it; the first write after a consumer registered reaches it, and one after it left is not
 * published. Real Vert.x event bus; publishes counted by an outbound interceptor.
 */
class LiveWatchersTest {
  private final LiveWatchers watchers = new LiveWatchers();
  private Vertx vertx;
  private final AtomicInteger published = new AtomicInteger();

  private Vertx nodeLike(boolean observed) {
    VertxOptions vo = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = Vertx.builder().with(vo).withMetrics(observed ? VertxMetricsGuard.factory(registry, watchers::observe)
        : VertxMetricsGuard.factory(registry)).build();
    LiveSpanWriter.registerCodec(vertx);
    vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (Addresses.isLive(ctx.message().address())) {
        published.incrementAndGet();
      }
      ctx.next();
    });
    return vertx;
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  private static List<Span> trace(String service) {
    var id = TestSpans.newTraceId();
    return List.of(TestSpans.of(id, 1, 0, service, "root").build(), TestSpans.of(id, 2, 1, service, "child").build());
  }

  @Test
  void publishesOnlyWhileSomeoneWatches() throws Exception {
    Vertx v = nodeLike(true);
    MemorySpanStore store = new MemorySpanStore(100);
    LiveSpanWriter writer = new LiveSpanWriter(v, store, null, watchers);
    v.eventBus().consumer("weft.query.other", m -> { }).completion().await();

    writer.write(trace("basket")).await();
    assertEquals(0, published.get(), "nobody watches: nothing published");
    assertEquals(2, store.spanCount(), "the spans are stored all the same");

    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> one = v.eventBus().consumer(Addresses.live("basket"), m -> seen.add(m.body()));
    one.completion().await();
    assertTrue(watchers.anyoneMayWatch(v), "a consumer of a service's live spans counts");
    List<Span> next = trace("basket");
    byte[] message = SpanBinaryCodec.encode(next);
    writer.writeEncoded(List.of(EncodedTrace.of(message, SpanBinaryCodec.decode(message)))).await();
    Wait.until("the first batch after the consumer registered", 10, () -> seen.size() == 1);
    assertEquals("basket", seen.get(0).getString("service"));
    assertEquals(2, seen.get(0).getInteger("count"));
    assertEquals(2, published.get(), "the whole stream and the service's address");

    one.unregister().await();
    assertEquals(0, watchers.localConsumers());
    writer.write(trace("basket")).await();
    assertEquals(2, published.get(), "the watcher left: nothing more published");
  }

  @Test
  void localAndTenantConsumersCountOthersDoNot() throws Exception {
    Vertx v = nodeLike(true);
    assertFalse(watchers.anyoneMayWatch(v));
    MessageConsumer<Object> local = v.eventBus().localConsumer(Addresses.LIVE, m -> { });
    MessageConsumer<Object> tenant = v.eventBus().consumer(Addresses.liveOf("acme", null), m -> { });
    assertEquals(2, watchers.localConsumers());
    assertTrue(watchers.anyoneMayWatch(v));
    local.unregister().await();
    assertTrue(watchers.anyoneMayWatch(v), "the tenant's watcher is still there");
    tenant.unregister().await();
    assertFalse(watchers.anyoneMayWatch(v));
  }

  @Test
  void unobservedBusAlwaysPublishes() throws Exception {
    Vertx v = nodeLike(false);
    LiveSpanWriter writer = new LiveSpanWriter(v, new MemorySpanStore(100), null, watchers);
    assertTrue(watchers.anyoneMayWatch(v), "without the observer nobody can tell");
    writer.write(trace("basket")).await();
    assertEquals(2, published.get());
  }
}
