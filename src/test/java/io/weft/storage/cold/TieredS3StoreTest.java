package io.weft.storage.cold;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.PartialResult;
import io.weft.storage.StorageUnavailableException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared storage suite over hot + cold, the cold tier on a real S3 API (s3proxy); and the store going away. */
@ExtendWith(VertxExtension.class)
class TieredS3StoreTest extends TieredStoreContract {
  static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    S3TestServer.shared();
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }

  @Override
  protected ObjectStore objects(WorkerExecutor workers) {
    return S3TestServer.shared().objects(workers);
  }

  @Test
  void storeUnreachableGivesHotDataWithAPartialNotice() throws Exception {
    TraceId coldOne = newTraceId();
    TraceId hotOne = newTraceId();
    Span c = span(coldOne, 1, 0, "api", "op", base + SECOND, 100);
    Span h = span(hotOne, 1, 0, "api", "op", base + 20 * SECOND, 100);
    write(c, h);
    S3TestServer s3 = S3TestServer.shared();
    s3.stop();
    try {
      // The blocks' parts were never read on this node: a search must read the store, and cannot.
      List<List<Span>> found = find(query("api").build());
      assertEquals(List.of(hotOne), traceIds(found));
      String notice = PartialResult.notice(found);
      assertNotNull(notice, "a partial answer says so");
      assertTrue(notice.contains("cold storage") && notice.contains(S3TestServer.BUCKET), notice);
      // By id: the hot trace, marked partial; a cold one is an error, not "not found".
      assertNotNull(PartialResult.notice(trace(hotOne)));
      Throwable err = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> trace(coldOne));
      Throwable cause = err;
      while (cause != null && !(cause instanceof StorageUnavailableException)) {
        cause = cause.getCause();
      }
      assertNotNull(cause, "an unavailable store is reported as such: " + err);
      // The listing fails too, and says why.
      org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> await(cold.refresh()));
    } finally {
      s3.start();
    }
    await(cold.refresh());
    assertEquals(List.of(hotOne, coldOne), traceIds(find(query("api").build())));
    assertEquals(null, PartialResult.notice(find(query("api").build())));
  }
}
