package io.weft.model;

import java.util.List;

/**
 * One span, in Jaeger's shape. Times are microseconds since the epoch. {@code kind} and
 * {@code status} are kept apart from the tags so that every receiver fills them the same way;
 * {@link JaegerTags#effective} renders them back as the tags Jaeger shows.
 */
public record Span(
    TraceId traceId,
    long spanId,
    String operationName,
    List<SpanRef> references,
    int flags,
    long startTimeMicros,
    long durationMicros,
    List<Tag> tags,
    List<Log> logs,
    Process process,
    SpanKind kind,
    StatusCode statusCode,
    String statusMessage,
    List<String> warnings) {

  public Span {
    references = List.copyOf(references);
    tags = List.copyOf(tags);
    logs = List.copyOf(logs);
    warnings = List.copyOf(warnings);
    if (kind == null) {
      kind = SpanKind.UNSPECIFIED;
    }
    if (statusCode == null) {
      statusCode = StatusCode.UNSET;
    }
    if (statusMessage == null) {
      statusMessage = "";
    }
  }

  public String serviceName() {
    return process == null ? null : process.serviceName();
  }

  /** The span id of the first CHILD_OF reference in the same trace, or 0 for a root. */
  public long parentSpanId() {
    for (SpanRef r : references) {
      if (r.type() == RefType.CHILD_OF && r.traceId().equals(traceId)) {
        return r.spanId();
      }
    }
    return 0;
  }

  public long endTimeMicros() {
    return startTimeMicros + durationMicros;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** For changing a few fields of an immutable span (enrichment, adjusters, decoders). */
  public static final class Builder {
    private TraceId traceId;
    private long spanId;
    private String operationName = "";
    private List<SpanRef> references = List.of();
    private int flags;
    private long startTimeMicros;
    private long durationMicros;
    private List<Tag> tags = List.of();
    private List<Log> logs = List.of();
    private Process process;
    private SpanKind kind = SpanKind.UNSPECIFIED;
    private StatusCode statusCode = StatusCode.UNSET;
    private String statusMessage = "";
    private List<String> warnings = List.of();

    Builder() {}

    Builder(Span s) {
      traceId = s.traceId;
      spanId = s.spanId;
      operationName = s.operationName;
      references = s.references;
      flags = s.flags;
      startTimeMicros = s.startTimeMicros;
      durationMicros = s.durationMicros;
      tags = s.tags;
      logs = s.logs;
      process = s.process;
      kind = s.kind;
      statusCode = s.statusCode;
      statusMessage = s.statusMessage;
      warnings = s.warnings;
    }

    public Builder traceId(TraceId v) { traceId = v; return this; }
    public Builder spanId(long v) { spanId = v; return this; }
    public Builder operationName(String v) { operationName = v; return this; }
    public Builder references(List<SpanRef> v) { references = v; return this; }
    public Builder flags(int v) { flags = v; return this; }
    public Builder startTimeMicros(long v) { startTimeMicros = v; return this; }
    public Builder durationMicros(long v) { durationMicros = v; return this; }
    public Builder tags(List<Tag> v) { tags = v; return this; }
    public Builder logs(List<Log> v) { logs = v; return this; }
    public Builder process(Process v) { process = v; return this; }
    public Builder kind(SpanKind v) { kind = v; return this; }
    public Builder status(StatusCode code, String message) { statusCode = code; statusMessage = message; return this; }
    public Builder warnings(List<String> v) { warnings = v; return this; }

    public Span build() {
      return new Span(traceId, spanId, operationName, references, flags, startTimeMicros, durationMicros,
          tags, logs, process, kind, statusCode, statusMessage, warnings);
    }
  }
}
