package io.weft.storage.cold;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The shared storage suite over hot + cold, the cold tier in a local folder. */
@ExtendWith(VertxExtension.class)
class TieredLocalStoreTest extends TieredStoreContract {
  static Vertx vertx;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }

  @Override
  protected ObjectStore objects(WorkerExecutor workers) {
    return new LocalObjectStore(dir, workers);
  }
}
