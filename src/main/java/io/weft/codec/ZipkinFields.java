package io.weft.codec;

import io.weft.model.Ids;
import io.weft.model.SpanKind;
import io.weft.model.TraceId;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import zipkin2.Annotation;
import zipkin2.Endpoint;

/**
 * One Zipkin v2 span's fields as zipkin2 validates and normalizes them (ids checked and as numbers,
 * a parent equal to the span's own id dropped, negative times as absent, tags sorted by key with the
 * last of a duplicated key kept, annotations sorted by time then value without repeats), but names
 * as sent: {@link ZipkinDecoder} makes the Weft span from it. Filled by {@link ZipkinJsonV2Reader}
 * (reused span after span) or from a zipkin2 span ({@link #of}, proto3 and JSON v1).
 */
final class ZipkinFields {
  long traceHigh;
  long traceLow;
  long id;
  /** 0: no parent. */
  long parentId;
  /** As sent; null or "" when absent. */
  String name;
  SpanKind kind = SpanKind.UNSPECIFIED;
  long timestamp;
  long duration;
  boolean debug;
  String[] tagKeys = new String[8];
  String[] tagValues = new String[8];
  int tagCount;
  long[] annotationTimes = new long[4];
  String[] annotationValues = new String[4];
  int annotationCount;
  /** The local endpoint: service name as sent (null when absent), address text (ipv4 else ipv6), port (0: none). */
  String localService;
  String localIp;
  int localPort;
  /** The remote endpoint: service name as sent, address bytes (4 or 16, null when none), port. */
  String remoteService;
  byte[] remoteIpv4;
  byte[] remoteIpv6;
  int remotePort;

  void clear() {
    parentId = 0;
    name = null;
    kind = SpanKind.UNSPECIFIED;
    timestamp = 0;
    duration = 0;
    debug = false;
    tagCount = 0;
    annotationCount = 0;
    localService = null;
    localIp = null;
    localPort = 0;
    remoteService = null;
    remoteIpv4 = null;
    remoteIpv6 = null;
    remotePort = 0;
  }

  TraceId traceId() {
    return new TraceId(traceHigh, traceLow);
  }

  void addTag(String key, String value) {
    if (tagCount == tagKeys.length) {
      tagKeys = Arrays.copyOf(tagKeys, tagCount * 2);
      tagValues = Arrays.copyOf(tagValues, tagCount * 2);
    }
    tagKeys[tagCount] = key;
    tagValues[tagCount++] = value;
  }

  void addAnnotation(long time, String value) {
    if (annotationCount == annotationTimes.length) {
      annotationTimes = Arrays.copyOf(annotationTimes, annotationCount * 2);
      annotationValues = Arrays.copyOf(annotationValues, annotationCount * 2);
    }
    annotationTimes[annotationCount] = time;
    annotationValues[annotationCount++] = value;
  }

  /** Tags in key order, the last value of a repeated key kept (zipkin2's TreeMap). */
  void sortTags() {
    for (int i = 1; i < tagCount; i++) {
      if (tagKeys[i - 1].compareTo(tagKeys[i]) >= 0) { // rarely: senders write each key once, mostly in order
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int j = 0; j < tagCount; j++) {
          sorted.put(tagKeys[j], tagValues[j]);
        }
        tagCount = 0;
        sorted.forEach(this::addTag);
        return;
      }
    }
  }

  /** Annotations by time then value, each (time, value) once (zipkin2's sorted, de-duplicated list). */
  void sortAnnotations() {
    for (int i = 1; i < annotationCount; i++) {
      long a = annotationTimes[i - 1];
      long b = annotationTimes[i];
      if (a > b || a == b && annotationValues[i - 1].compareTo(annotationValues[i]) >= 0) {
        long[] times = annotationTimes;
        String[] values = annotationValues;
        TreeSet<Integer> sorted = new TreeSet<>((x, y) -> times[x] != times[y]
            ? Long.compare(times[x], times[y]) : values[x].compareTo(values[y]));
        for (int j = 0; j < annotationCount; j++) {
          sorted.add(j);
        }
        annotationTimes = new long[times.length];
        annotationValues = new String[values.length];
        annotationCount = 0;
        for (int j : sorted) {
          addAnnotation(times[j], values[j]);
        }
        return;
      }
    }
  }

  /** A span zipkin2 read (its checks done), with its names as sent. */
  static ZipkinFields of(ZipkinSpanIn in) {
    zipkin2.Span z = in.span();
    ZipkinFields f = new ZipkinFields();
    TraceId traceId = TraceId.fromHex(z.traceId());
    f.traceHigh = traceId.high();
    f.traceLow = traceId.low();
    f.id = Ids.parseHex(z.id());
    f.parentId = z.parentId() == null ? 0 : Ids.parseHex(z.parentId());
    f.name = in.name();
    f.kind = kind(z.kind());
    f.timestamp = z.timestampAsLong();
    f.duration = z.durationAsLong();
    f.debug = Boolean.TRUE.equals(z.debug());
    for (Map.Entry<String, String> e : z.tags().entrySet()) {
      f.addTag(e.getKey(), e.getValue());
    }
    for (Annotation a : z.annotations()) {
      f.addAnnotation(a.timestamp(), a.value());
    }
    Endpoint local = z.localEndpoint();
    if (local != null) {
      f.localService = in.localService();
      f.localIp = local.ipv4() != null ? local.ipv4() : local.ipv6();
      f.localPort = local.portAsInt();
    }
    Endpoint remote = z.remoteEndpoint();
    if (remote != null) {
      f.remoteService = in.remoteService();
      f.remoteIpv4 = remote.ipv4Bytes();
      f.remoteIpv6 = remote.ipv6Bytes();
      f.remotePort = remote.portAsInt();
    }
    return f;
  }

  private static SpanKind kind(zipkin2.Span.Kind k) {
    if (k == null) {
      return SpanKind.UNSPECIFIED;
    }
    return switch (k) {
      case CLIENT -> SpanKind.CLIENT;
      case SERVER -> SpanKind.SERVER;
      case PRODUCER -> SpanKind.PRODUCER;
      case CONSUMER -> SpanKind.CONSUMER;
    };
  }
}
