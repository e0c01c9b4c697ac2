package io.weft.model;

/** OpenTelemetry's span status code; Jaeger and Zipkin spans carry UNSET and use an {@code error} tag. */
public enum StatusCode {
  UNSET, OK, ERROR
}
