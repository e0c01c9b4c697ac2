package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** Every statement Weft runs, prepared once per store (Cassandra then parses each CQL text once). */
record Prepared(
    InsertChunk insertChunk,
    InsertServiceName insertServiceName,
    InsertOperationName insertOperationName,
    InsertIndexRow insertIndexRow,
    UpdateDependencyCalls updateDependencyCalls,
    DeleteDependencyBucket deleteDependencyBucket,
    SelectTrace selectTrace,
    SelectServiceNames selectServiceNames,
    SelectOperationNames selectOperationNames,
    SelectTraceIds selectTraceIds,
    SelectDependencyCalls selectDependencyCalls,
    InsertSpan insertArchivedSpan,
    SelectTrace selectArchivedTrace,
    SelectChunks selectChunks,
    UpdateSummary updateSummary,
    InsertPack insertPack) {

  static Future<Prepared> prepare(CqlExecutor exec, String keyspace) {
    String[] cql = {
        InsertChunk.CQL, InsertServiceName.CQL, InsertOperationName.CQL,
        InsertIndexRow.SERVICE, InsertIndexRow.OPERATION, InsertIndexRow.TAG, InsertIndexRow.DURATION,
        UpdateDependencyCalls.BUCKET, UpdateDependencyCalls.SECOND,
        DeleteDependencyBucket.BUCKET, DeleteDependencyBucket.SECOND,
        SelectTrace.CQL, SelectServiceNames.CQL, SelectOperationNames.ALL, SelectOperationNames.KIND,
        SelectTraceIds.SERVICE, SelectTraceIds.OPERATION, SelectTraceIds.TAG, SelectTraceIds.DURATION,
        SelectDependencyCalls.BUCKET, SelectDependencyCalls.SECONDS, InsertSpan.ARCHIVE, SelectTrace.ARCHIVE,
        SelectChunks.CQL, UpdateSummary.CQL, InsertPack.CQL, SelectTraceIds.PACKED};
    List<Future<PreparedStatement>> all = new ArrayList<>(cql.length);
    for (String c : cql) {
      all.add(exec.prepare(String.format(c, keyspace)));
    }
    return Future.all(all).map(f -> {
      PreparedStatement[] p = new PreparedStatement[cql.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = f.resultAt(i);
      }
      return new Prepared(new InsertChunk(p[0]), new InsertServiceName(p[1]), new InsertOperationName(p[2]),
          new InsertIndexRow(p[3], p[4], p[5], p[6]), new UpdateDependencyCalls(p[7], p[8]),
          new DeleteDependencyBucket(p[9], p[10]), new SelectTrace(p[11]), new SelectServiceNames(p[12]),
          new SelectOperationNames(p[13], p[14]), new SelectTraceIds(p[15], p[16], p[17], p[18], p[26], keyspace),
          new SelectDependencyCalls(p[19], p[20]), new InsertSpan(p[21]), new SelectTrace(p[22]),
          new SelectChunks(p[23]), new UpdateSummary(p[24]), new InsertPack(p[25]));
    });
  }
}
