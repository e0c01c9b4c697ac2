package io.weft.codec;

/**
 * A decoded Zipkin v2 span with its names as sent. zipkin2's builder validates and normalizes
 * (ids, IPs, times, sorted annotations) but lowercases the span and service names, so the readers
 * keep those three strings beside it; Jaeger keeps the case, and so does Weft.
 *
 * @param span the span as zipkin2 normalizes it
 * @param name the span name as sent, or null
 * @param localService the local endpoint's service name as sent, or null
 * @param remoteService the remote endpoint's service name as sent, or null
 */
record ZipkinSpanIn(zipkin2.Span span, String name, String localService, String remoteService) {

  /** A span from zipkin2 itself (JSON v1, tests): only its lowercased names are known. */
  static ZipkinSpanIn of(zipkin2.Span s) {
    return new ZipkinSpanIn(s, s.name(), s.localServiceName(), s.remoteServiceName());
  }

  /** Empty strings mean absent, as in zipkin2's model. */
  static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
