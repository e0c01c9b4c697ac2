package io.weft.query.grpc;

import io.vertx.core.Future;
import io.weft.model.TraceId;

/** Copies a trace into the archive store, for api_v2's {@code ArchiveTrace} ({@code TraceArchiver::archive} on a node). */
@FunctionalInterface
public interface TraceArchive {
  /** True once the trace is archived; false when no trace has that id. */
  Future<Boolean> archive(TraceId id);
}
