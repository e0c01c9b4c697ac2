package io.weft.storage.cold;

import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The query-language suite over hot + cold, the cold tier in a local folder. */
class ColdQueryLanguageLocalTest extends ColdQueryLanguageContract {
  @TempDir
  static Path dir;

  @Override
  protected ObjectStore objects(WorkerExecutor workers) {
    return new LocalObjectStore(dir, workers);
  }
}
