package io.weft.spanmetrics;

import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import java.util.Locale;

/**
 * One series of span metrics: the dimensions of the OTel spanmetrics connector (service name, span
 * name, span kind, status code). {@code status} is ERROR for a span with an OTel error status or an
 * {@code error=true} tag (as the OTel Collector's Jaeger and Zipkin receivers map it), else its OTel status.
 */
public record SeriesKey(String service, String operation, SpanKind kind, StatusCode status) {
  /** The operation of a service's spans past its operations limit, and the service past the series limit. */
  public static final String OVERFLOW = "__overflow__";

  public boolean isError() {
    return status == StatusCode.ERROR;
  }

  /** Prometheus/OTel enum names: SPAN_KIND_SERVER, ... */
  public String kindLabel() {
    return "SPAN_KIND_" + kind.name();
  }

  /** STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR. */
  public String statusLabel() {
    return "STATUS_CODE_" + status.name();
  }

  /** Jaeger's spanKind parameter values (unspecified, internal, server, client, producer, consumer). */
  public static SpanKind parseKind(String v) {
    if (v == null) {
      return null;
    }
    String s = v.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "unspecified" -> SpanKind.UNSPECIFIED;
      case "internal" -> SpanKind.INTERNAL;
      case "server" -> SpanKind.SERVER;
      case "client" -> SpanKind.CLIENT;
      case "producer" -> SpanKind.PRODUCER;
      case "consumer" -> SpanKind.CONSUMER;
      default -> null;
    };
  }
}
