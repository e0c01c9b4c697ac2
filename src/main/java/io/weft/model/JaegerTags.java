package io.weft.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags of a span as Jaeger shows them: the span's own tags plus {@code span.kind}, and for an
 * OTel status {@code otel.status_code}, {@code otel.status_description} and {@code error=true}.
 * Both the JSON writer and tag search use this, so what a user sees is what a search matches.
 */
public final class JaegerTags {
  public static final String SPAN_KIND = "span.kind";
  public static final String ERROR = "error";
  public static final String STATUS_CODE = "otel.status_code";
  public static final String STATUS_DESCRIPTION = "otel.status_description";
  /** The format a span arrived in (jaeger, zipkin-json, otlp-grpc, ...), added by the collector as Jaeger does. */
  public static final String SPAN_FORMAT = "internal.span.format";

  private JaegerTags() {}

  public static List<Tag> effective(Span s) {
    boolean addKind = s.kind() != SpanKind.UNSPECIFIED;
    boolean addStatus = s.statusCode() != StatusCode.UNSET;
    if (!addKind && !addStatus) {
      return s.tags();
    }
    List<Tag> out = new ArrayList<>(s.tags().size() + 4);
    out.addAll(s.tags());
    if (addKind) {
      out.add(Tag.string(SPAN_KIND, s.kind().tagValue()));
    }
    if (addStatus) {
      out.add(Tag.string(STATUS_CODE, s.statusCode().name()));
      if (s.statusCode() == StatusCode.ERROR) {
        if (!s.statusMessage().isEmpty()) {
          out.add(Tag.string(STATUS_DESCRIPTION, s.statusMessage()));
        }
        if (s.tags().stream().noneMatch(t -> t.key().equals(ERROR))) {
          out.add(Tag.bool(ERROR, true));
        }
      }
    }
    return out;
  }

  /** True when the span failed: an OTel ERROR status or an {@code error} tag that is true. */
  public static boolean isError(Span s) {
    if (s.statusCode() == StatusCode.ERROR) {
      return true;
    }
    for (Tag t : s.tags()) {
      if (t.key().equals(ERROR) && "true".equalsIgnoreCase(t.valueAsString())) {
        return true;
      }
    }
    return false;
  }
}
