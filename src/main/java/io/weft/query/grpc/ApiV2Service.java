package io.weft.query.grpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;
import io.weft.codec.JaegerProtoEncoder;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import io.weft.proto.jaeger.api_v2.ArchiveTraceRequest;
import io.weft.proto.jaeger.api_v2.ArchiveTraceResponse;
import io.weft.proto.jaeger.api_v2.FindTracesRequest;
import io.weft.proto.jaeger.api_v2.GetDependenciesRequest;
import io.weft.proto.jaeger.api_v2.GetDependenciesResponse;
import io.weft.proto.jaeger.api_v2.GetOperationsRequest;
import io.weft.proto.jaeger.api_v2.GetOperationsResponse;
import io.weft.proto.jaeger.api_v2.GetServicesRequest;
import io.weft.proto.jaeger.api_v2.GetServicesResponse;
import io.weft.proto.jaeger.api_v2.GetTraceRequest;
import io.weft.proto.jaeger.api_v2.QueryServiceGrpcService;
import io.weft.proto.jaeger.api_v2.SpansResponseChunk;
import io.weft.proto.jaeger.api_v2.TraceQueryParameters;
import io.weft.storage.TraceQuery;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Jaeger's {@code jaeger.api_v2.QueryService}: spans in Jaeger's protobuf model ({@link JaegerProtoEncoder}),
 * streamed as {@code SpansResponseChunk}s ({@link SpanChunks}), errors as Jaeger's gRPC handler gives
 * them. {@code ArchiveTrace} goes to a {@link TraceArchive}; without one it answers UNIMPLEMENTED.
 */
final class ApiV2Service {
  private final QueryService queries;
  private final TraceArchive archive;

  ApiV2Service(QueryService queries, TraceArchive archive) {
    this.queries = queries;
    this.archive = archive;
  }

  void mount(GrpcServer server, MeterRegistry registry) {
    GrpcCalls calls = new GrpcCalls(server, QueryServiceGrpcService.SERVICE_NAME, "v2", registry);
    calls.streaming(QueryServiceGrpcService.GetTrace.methodName(), GetTraceRequest.parser(), this::getTrace);
    calls.unary(QueryServiceGrpcService.ArchiveTrace.methodName(), ArchiveTraceRequest.parser(), this::archiveTrace);
    calls.streaming(QueryServiceGrpcService.FindTraces.methodName(), FindTracesRequest.parser(), this::findTraces);
    calls.unary(QueryServiceGrpcService.GetServices.methodName(), GetServicesRequest.parser(), this::getServices);
    calls.unary(QueryServiceGrpcService.GetOperations.methodName(), GetOperationsRequest.parser(), this::getOperations);
    calls.unary(QueryServiceGrpcService.GetDependencies.methodName(), GetDependenciesRequest.parser(),
        this::getDependencies);
  }

  Future<Iterator<SpansResponseChunk>> getTrace(GetTraceRequest r) {
    return queries.trace(SearchParams.traceId(r.getTraceId()), !r.getRawTraces()).compose(spans -> spans.isEmpty()
        ? Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "trace not found"))
        : Future.succeededFuture(chunks(List.of(spans))));
  }

  Future<ArchiveTraceResponse> archiveTrace(ArchiveTraceRequest r) {
    TraceId id = SearchParams.traceId(r.getTraceId());
    if (archive == null) {
      return Future.failedFuture(new StatusException(GrpcStatus.UNIMPLEMENTED,
          "archive storage is not available on this node"));
    }
    return archive.archive(id).compose(found -> found
        ? Future.succeededFuture(ArchiveTraceResponse.getDefaultInstance())
        : Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "trace not found")));
  }

  Future<Iterator<SpansResponseChunk>> findTraces(FindTracesRequest r) {
    if (!r.hasQuery()) {
      throw new BadRequestException("missing query");
    }
    TraceQueryParameters q = r.getQuery();
    TraceQuery query = SearchParams.query(new SearchParams.Fields(q.getServiceName(), q.getOperationName(),
        q.getTagsMap(), q.getStartTimeMin(), q.hasStartTimeMin(), q.getStartTimeMax(), q.hasStartTimeMax(),
        q.getDurationMin(), q.getDurationMax(), q.getSearchDepth()));
    return queries.findTraces(query, !q.getRawTraces()).map(ApiV2Service::chunks);
  }

  Future<GetServicesResponse> getServices(GetServicesRequest r) {
    return queries.services().map(s -> GetServicesResponse.newBuilder().addAllServices(s).build());
  }

  /** Both the operations and, for older clients, their distinct names (Jaeger still fills both). */
  Future<GetOperationsResponse> getOperations(GetOperationsRequest r) {
    return queries.operations(r.getService(), r.getSpanKind()).map(ops -> {
      GetOperationsResponse.Builder b = GetOperationsResponse.newBuilder();
      Set<String> names = new LinkedHashSet<>();
      for (Operation o : ops) {
        b.addOperations(io.weft.proto.jaeger.api_v2.Operation.newBuilder().setName(o.name()).setSpanKind(o.spanKind()));
        names.add(o.name());
      }
      return b.addAllOperationNames(names).build();
    });
  }

  Future<GetDependenciesResponse> getDependencies(GetDependenciesRequest r) {
    long[] range = SearchParams.range(r.getStartTime(), r.hasStartTime(), r.getEndTime(), r.hasEndTime());
    return queries.dependencies(range[1], range[1] - range[0], null).map(links -> {
      GetDependenciesResponse.Builder b = GetDependenciesResponse.newBuilder();
      for (DependencyLink l : links) {
        b.addDependencies(JaegerProtoEncoder.dependency(l));
      }
      return b.build();
    });
  }

  static Iterator<SpansResponseChunk> chunks(List<List<Span>> traces) {
    return new SpanChunks<>(traces, ApiV2Service::chunk);
  }

  static SpansResponseChunk chunk(List<Span> spans) {
    SpansResponseChunk.Builder b = SpansResponseChunk.newBuilder();
    for (Span s : spans) {
      b.addSpans(JaegerProtoEncoder.span(s));
    }
    return b.build();
  }
}
