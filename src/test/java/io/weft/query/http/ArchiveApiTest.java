package io.weft.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.weft.testing.CheckoutTraces;
import io.weft.model.TraceId;
import io.weft.query.QueryOptions;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanReader;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.archive.TraceArchiver;
import io.weft.storage.memory.MemorySpanStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/archive/{id}} as Jaeger answers it, and reads that fall back to the archive. */
@ExtendWith(VertxExtension.class)
class ArchiveApiTest {
  Vertx vertx;
  WebClient client;
  MemorySpanStore primary;
  MemorySpanStore archived;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.primary = new MemorySpanStore(2);
    this.archived = new MemorySpanStore(100);
  }

  int deploy(boolean withArchive) throws Exception {
    ArchiveStore archive = ArchiveStore.of(archived, archived);
    SpanReader reader = withArchive ? new ArchiveFallbackReader(primary, archive) : primary;
    QueryVerticle v = new QueryVerticle(reader, QueryOptions.defaults().withHost("127.0.0.1").withPort(0),
        withArchive ? new TraceArchiver(reader, archive) : null, JaegerUiSettings.none(), r -> { });
    await(vertx.deployVerticle(v));
    return v.actualPort();
  }

  @Test
  void anArchivedTraceIsStillReadAfterThePrimaryStoreEvictedIt() throws Exception {
    int port = deploy(true);
    await(primary.write(CheckoutTraces.traceA()));
    String id = CheckoutTraces.TRACE_A.toHex();

    HttpResponse<Buffer> r = await(client.post(port, "127.0.0.1", "/api/archive/" + id).send());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(0, body.getJsonArray("data").size(), "Jaeger answers an empty data array");
    assertEquals(0, body.getInteger("total"));
    assertEquals(3, await(archived.getTrace(CheckoutTraces.TRACE_A)).size(), "the spans as stored");

    // Two newer traces evict A from the primary store (max-traces 2).
    for (long i = 1; i <= 2; i++) {
      TraceId other = new TraceId(0, 0x100 + i);
      await(primary.write(List.of(CheckoutTraces.traceB().get(0).toBuilder().traceId(other).build())));
    }
    assertTrue(await(primary.getTrace(CheckoutTraces.TRACE_A)).isEmpty());

    HttpResponse<Buffer> trace = await(client.get(port, "127.0.0.1", "/api/traces/" + id).send());
    assertEquals(200, trace.statusCode(), trace.bodyAsString());
    JsonObject t = trace.bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
    assertEquals(id, t.getString("traceID"));
    assertEquals(3, t.getJsonArray("spans").size());
    // Read back adjusted like any trace: the backend's clock-skewed server span is moved into its parent.
    assertTrue(t.getJsonArray("spans").stream().map(JsonObject.class::cast)
        .anyMatch(s -> s.getJsonArray("warnings") != null && !s.getJsonArray("warnings").isEmpty()));
    // By id in a search too.
    JsonObject byIds = await(client.get(port, "127.0.0.1", "/api/traces?traceID=" + id).send()).bodyAsJsonObject();
    assertEquals(1, byIds.getJsonArray("data").size());
  }

  @Test
  void unknownAndMalformedIds() throws Exception {
    int port = deploy(true);
    HttpResponse<Buffer> unknown = await(client.post(port, "127.0.0.1", "/api/archive/00000000000000000000000000abcdef").send());
    assertEquals(404, unknown.statusCode());
    assertEquals("trace not found", unknown.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("msg"));
    HttpResponse<Buffer> bad = await(client.post(port, "127.0.0.1", "/api/archive/not-hex").send());
    assertEquals(400, bad.statusCode());
    assertEquals(400, bad.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getInteger("code"));
    assertEquals(0, archived.traceCount(), "nothing archived");
  }

  @Test
  void withoutArchiveStorageItAnswers501() throws Exception {
    int port = deploy(false);
    await(primary.write(CheckoutTraces.traceA()));
    HttpResponse<Buffer> r = await(client.post(port, "127.0.0.1", "/api/archive/" + CheckoutTraces.TRACE_A.toHex()).send());
    assertEquals(501, r.statusCode());
    assertEquals("archive storage is not configured",
        r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("msg"));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

}
