package io.weft.storage.cold;

import io.vertx.core.WorkerExecutor;

/** The query-language suite over hot + cold, the cold tier on a real S3 API (s3proxy). */
class ColdQueryLanguageS3Test extends ColdQueryLanguageContract {
  @Override
  protected ObjectStore objects(WorkerExecutor workers) {
    return S3TestServer.shared().objects(workers);
  }
}
