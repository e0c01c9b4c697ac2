package io.weft.query.grpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;
import io.weft.codec.OtlpEncoder;
import io.weft.model.DependencyLink;
import io.weft.model.Ids;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import io.weft.query.TraceSummary;
import io.weft.proto.jaeger.api_v3.DependenciesResponse;
import io.weft.proto.jaeger.api_v3.Dependency;
import io.weft.proto.jaeger.api_v3.FindTraceSummariesRequest;
import io.weft.proto.jaeger.api_v3.FindTraceSummariesResponse;
import io.weft.proto.jaeger.api_v3.FindTracesRequest;
import io.weft.proto.jaeger.api_v3.GetDependenciesRequest;
import io.weft.proto.jaeger.api_v3.GetOperationsRequest;
import io.weft.proto.jaeger.api_v3.GetOperationsResponse;
import io.weft.proto.jaeger.api_v3.GetServicesRequest;
import io.weft.proto.jaeger.api_v3.GetServicesResponse;
import io.weft.proto.jaeger.api_v3.GetTraceRequest;
import io.weft.proto.jaeger.api_v3.QueryServiceGrpcService;
import io.weft.proto.jaeger.api_v3.ServiceSummary;
import io.weft.proto.jaeger.api_v3.TraceQueryParameters;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Jaeger v2's {@code jaeger.api_v3.QueryService}: traces as OTLP {@code TracesData}, streamed in chunks
 * ({@link SpanChunks}); errors as Jaeger's handler gives them (NOT_FOUND "trace not found",
 * INVALID_ARGUMENT for a missing query, missing times or a malformed id).
 */
final class ApiV3Service {
  /** Summaries per message of FindTraceSummaries. */
  static final int SUMMARIES_PER_MESSAGE = 100;
  /** Field number of Jaeger's experimental structured filter, which Weft does not evaluate. */
  private static final int FILTER_FIELD = 10;

  private final QueryService queries;

  ApiV3Service(QueryService queries) {
    this.queries = queries;
  }

  void mount(GrpcServer server, MeterRegistry registry) {
    GrpcCalls calls = new GrpcCalls(server, QueryServiceGrpcService.SERVICE_NAME, "v3", registry);
    calls.streaming(QueryServiceGrpcService.GetTrace.methodName(), GetTraceRequest.parser(), this::getTrace);
    calls.streaming(QueryServiceGrpcService.FindTraces.methodName(), FindTracesRequest.parser(), this::findTraces);
    calls.unary(QueryServiceGrpcService.GetServices.methodName(), GetServicesRequest.parser(), this::getServices);
    calls.unary(QueryServiceGrpcService.GetOperations.methodName(), GetOperationsRequest.parser(), this::getOperations);
    calls.unary(QueryServiceGrpcService.GetDependencies.methodName(), GetDependenciesRequest.parser(),
        this::getDependencies);
    calls.streaming(QueryServiceGrpcService.FindTraceSummaries.methodName(), FindTraceSummariesRequest.parser(),
        this::findTraceSummaries);
  }

  Future<Iterator<TracesData>> getTrace(GetTraceRequest r) {
    // start_time/end_time only narrow where Jaeger's backends look; Weft finds a trace by its id alone.
    return queries.trace(SearchParams.traceId(r.getTraceId()), !r.getRawTraces()).compose(spans -> spans.isEmpty()
        ? Future.failedFuture(new StatusException(GrpcStatus.NOT_FOUND, "trace not found"))
        : Future.succeededFuture(chunks(List.of(spans))));
  }

  Future<Iterator<TracesData>> findTraces(FindTracesRequest r) {
    TraceQuery query = query(r.hasQuery() ? r.getQuery() : null);
    return queries.findTraces(query, !r.getQuery().getRawTraces()).map(ApiV3Service::chunks);
  }

  Future<Iterator<FindTraceSummariesResponse>> findTraceSummaries(FindTraceSummariesRequest r) {
    TraceQuery query = query(r.hasQuery() ? r.getQuery() : null);
    return queries.findTraces(query, !r.getQuery().getRawTraces()).map(traces -> {
      List<FindTraceSummariesResponse> out = new ArrayList<>();
      FindTraceSummariesResponse.Builder b = FindTraceSummariesResponse.newBuilder();
      for (List<Span> t : traces) {
        if (t.isEmpty()) {
          continue;
        }
        b.addSummaries(summary(TraceSummary.of(t)));
        if (b.getSummariesCount() == SUMMARIES_PER_MESSAGE) {
          out.add(b.build());
          b = FindTraceSummariesResponse.newBuilder();
        }
      }
      if (b.getSummariesCount() > 0) {
        out.add(b.build());
      }
      return out.iterator();
    });
  }

  Future<GetServicesResponse> getServices(GetServicesRequest r) {
    return queries.services().map(s -> GetServicesResponse.newBuilder().addAllServices(s).build());
  }

  Future<GetOperationsResponse> getOperations(GetOperationsRequest r) {
    return queries.operations(r.getService(), r.getSpanKind()).map(ops -> {
      GetOperationsResponse.Builder b = GetOperationsResponse.newBuilder();
      for (Operation o : ops) {
        b.addOperations(io.weft.proto.jaeger.api_v3.Operation.newBuilder().setName(o.name()).setSpanKind(o.spanKind()));
      }
      return b.build();
    });
  }

  Future<DependenciesResponse> getDependencies(GetDependenciesRequest r) {
    long[] range = SearchParams.range(r.getStartTime(), r.hasStartTime(), r.getEndTime(), r.hasEndTime());
    return queries.dependencies(range[1], range[1] - range[0], null).map(links -> {
      DependenciesResponse.Builder b = DependenciesResponse.newBuilder();
      for (DependencyLink l : links) {
        b.addDependencies(Dependency.newBuilder().setParent(l.parent()).setChild(l.child()).setCallCount(l.callCount()));
      }
      return b.build();
    });
  }

  private static TraceQuery query(TraceQueryParameters q) {
    if (q == null) {
      throw new BadRequestException("missing query");
    }
    if (q.getUnknownFields().hasField(FILTER_FIELD)) {
      // Answering without the filter would return more traces than were asked for.
      throw new BadRequestException("the structured query filter (query.filter) is not supported");
    }
    return SearchParams.query(new SearchParams.Fields(q.getServiceName(), q.getOperationName(), q.getAttributesMap(),
        q.getStartTimeMin(), q.hasStartTimeMin(), q.getStartTimeMax(), q.hasStartTimeMax(), q.getDurationMin(),
        q.getDurationMax(), q.getSearchDepth()));
  }

  static Iterator<TracesData> chunks(List<List<Span>> traces) {
    return new SpanChunks<>(traces, ApiV3Service::tracesData);
  }

  static TracesData tracesData(List<Span> spans) {
    return TracesData.newBuilder().addAllResourceSpans(OtlpEncoder.encode(spans).getResourceSpansList()).build();
  }

  private static io.weft.proto.jaeger.api_v3.TraceSummary summary(TraceSummary s) {
    io.weft.proto.jaeger.api_v3.TraceSummary.Builder b = io.weft.proto.jaeger.api_v3.TraceSummary.newBuilder()
        .setTraceId(s.traceId())
        .setRootServiceName(s.rootServiceName())
        .setRootOperationName(s.rootOperationName())
        .setMinStartTimeUnixNano(s.minStartTimeUnixNano())
        .setMaxEndTimeUnixNano(s.maxEndTimeUnixNano())
        .setSpanCount(s.spanCount())
        .setErrorSpanCount(s.errorSpanCount())
        .setOrphanSpanCount(s.orphanSpanCount());
    for (TraceSummary.ServiceSummary svc : s.services()) {
      b.addServices(ServiceSummary.newBuilder().setName(svc.name()).setSpanCount(svc.spanCount())
          .setErrorSpanCount(svc.errorSpanCount()));
    }
    return b.build();
  }
}
