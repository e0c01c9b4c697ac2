package io.weft.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.model.Ids;
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TagType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import zipkin2.Endpoint;

/**
 * One Weft span as a Zipkin span. A span that came in as Zipkin ({@code internal.span.format}
 * zipkin-*) is given back as it was sent: {@link ZipkinDecoder}'s {@code peer.*} and
 * {@code net.host.*} tags become the endpoints again, {@code error}/{@code error.message} the one
 * {@code error} tag, {@code component} Zipkin's {@code lc}, and logs the annotation values. Any other
 * span (OTLP, Jaeger) is mapped as OpenTelemetry's Zipkin exporter maps it: tags as text, the OTel
 * status as {@code otel.status_code} and {@code error}, the scope also as {@code otel.library.*},
 * events as {@code "name":{attributes}}, the remote endpoint from {@code peer.service} on client
 * and producer spans, and the process's {@code ip} as the local address.
 */
final class ZipkinSpanMapper {
  static final String LIBRARY_NAME = "otel.library.name";
  static final String LIBRARY_VERSION = "otel.library.version";
  static final String SERVER_SOCKET_ADDRESS = "server.socket.address";
  static final String SERVER_SOCKET_PORT = "server.socket.port";
  private static final JsonFactory JSON = new JsonFactory();
  private static final int DEBUG = 2;

  private ZipkinSpanMapper() {}

  static zipkin2.Span toZipkin(Span s, boolean shared) {
    boolean fromZipkin = cameAsZipkin(s);
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder()
        .traceId(s.traceId().toHex())
        .id(Ids.hex16(s.spanId()))
        .kind(kind(s))
        .name(s.operationName())
        .timestamp(s.startTimeMicros())
        .duration(fromZipkin ? s.durationMicros() : Math.max(1, s.durationMicros())); // the exporter's floor
    long parent = s.parentSpanId();
    if (parent != 0) {
      b.parentId(parent);
    }
    if ((s.flags() & DEBUG) != 0) {
      b.debug(true);
    }
    if (shared) {
      b.shared(true);
    }
    if (fromZipkin) {
      zipkinTagsAndEndpoints(s, b);
    } else {
      exporterTagsAndEndpoints(s, b);
    }
    for (Log l : s.logs()) {
      b.addAnnotation(l.timestampMicros(), fromZipkin ? zipkinAnnotation(l) : exporterAnnotation(l));
    }
    return b.build();
  }

  static boolean cameAsZipkin(Span s) {
    for (Tag t : s.tags()) {
      if (t.key().equals(JaegerTags.SPAN_FORMAT)) {
        return t.valueAsString().startsWith("zipkin");
      }
    }
    return false;
  }

  private static zipkin2.Span.Kind kind(Span s) {
    return switch (s.kind()) {
      case CLIENT -> zipkin2.Span.Kind.CLIENT;
      case SERVER -> zipkin2.Span.Kind.SERVER;
      case PRODUCER -> zipkin2.Span.Kind.PRODUCER;
      case CONSUMER -> zipkin2.Span.Kind.CONSUMER;
      default -> null;
    };
  }

  private static String serviceName(Span s) {
    String service = s.serviceName();
    return service == null || service.equals(ZipkinDecoder.UNKNOWN_SERVICE) ? null : service;
  }

  private static void zipkinTagsAndEndpoints(Span s, zipkin2.Span.Builder b) {
    Endpoint.Builder local = Endpoint.newBuilder().serviceName(serviceName(s));
    Endpoint.Builder remote = Endpoint.newBuilder();
    String errorMessage = find(s, ZipkinDecoder.ERROR_MESSAGE);
    for (Tag t : s.tags()) {
      switch (t.key()) {
        case JaegerTags.SPAN_FORMAT, ZipkinDecoder.ERROR_MESSAGE -> { }
        case ZipkinDecoder.HOST_IP -> local.parseIp(t.valueAsString());
        case ZipkinDecoder.HOST_PORT -> local.port(asInt(t));
        case ZipkinDecoder.PEER_SERVICE -> remote.serviceName(t.valueAsString());
        case ZipkinDecoder.PEER_IPV4 -> {
          if (t.type() == TagType.INT64) {
            remote.parseIp(ipv4((Long) t.value()));
          }
        }
        case ZipkinDecoder.PEER_IPV6 -> {
          if (t.type() == TagType.BINARY) {
            remote.parseIp((byte[]) t.value());
          }
        }
        case ZipkinDecoder.PEER_PORT -> remote.port(asInt(t));
        case JaegerTags.ERROR -> b.putTag(t.key(), errorMessage != null && t.type() == TagType.BOOL
            && (Boolean) t.value() ? errorMessage : t.valueAsString());
        case ZipkinDecoder.COMPONENT -> b.putTag(ZipkinDecoder.LOCAL_COMPONENT, t.valueAsString());
        default -> b.putTag(t.key(), text(t));
      }
    }
    b.localEndpoint(local.build()).remoteEndpoint(remote.build());
  }

  private static void exporterTagsAndEndpoints(Span s, zipkin2.Span.Builder b) {
    boolean hasError = false;
    for (Tag t : s.tags()) {
      if (t.key().equals(JaegerTags.SPAN_FORMAT)) {
        continue;
      }
      b.putTag(t.key(), text(t));
      hasError |= t.key().equals(JaegerTags.ERROR);
      if (t.key().equals(OtlpDecoder.SCOPE_NAME)) {
        b.putTag(LIBRARY_NAME, text(t));
      } else if (t.key().equals(OtlpDecoder.SCOPE_VERSION)) {
        b.putTag(LIBRARY_VERSION, text(t));
      }
    }
    if (s.statusCode() != StatusCode.UNSET) {
      b.putTag(JaegerTags.STATUS_CODE, s.statusCode().name());
      if (s.statusCode() == StatusCode.ERROR && !hasError) {
        b.putTag(JaegerTags.ERROR, s.statusMessage());
      }
    }
    Endpoint.Builder local = Endpoint.newBuilder().serviceName(serviceName(s));
    String ip = s.process() == null ? null : findIn(s.process().tags(), "ip");
    if (ip != null) {
      local.parseIp(ip);
    }
    b.localEndpoint(local.build());
    String peer = find(s, ZipkinDecoder.PEER_SERVICE);
    if (peer != null && (s.kind() == SpanKind.CLIENT || s.kind() == SpanKind.PRODUCER)) {
      Endpoint.Builder remote = Endpoint.newBuilder().serviceName(peer);
      String address = find(s, SERVER_SOCKET_ADDRESS);
      if (address != null) {
        remote.parseIp(address);
      }
      String port = find(s, SERVER_SOCKET_PORT);
      if (port != null) {
        try {
          remote.port(Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
          // not a port: no port, as the exporter would have none either
        }
      }
      b.remoteEndpoint(remote.build());
    }
  }

  /** A log given back as the annotation Zipkin had: its event, or the JSON object of its fields. */
  private static String zipkinAnnotation(Log l) {
    if (l.fields().size() == 1 && l.fields().get(0).key().equals("event")) {
      return l.fields().get(0).valueAsString();
    }
    return json(l, null);
  }

  /** As OpenTelemetry's Zipkin exporter writes an event: {@code "name":{"key":value,...}}. */
  private static String exporterAnnotation(Log l) {
    String event = findIn(l.fields(), "event");
    return event == null ? json(l, null) : quote(event) + ":" + json(l, "event");
  }

  /** The log's fields but {@code skip} as a JSON object, values in their JSON types. */
  private static String json(Log l, String skip) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Tag f : l.fields()) {
        if (f.key().equals(skip)) {
          continue;
        }
        g.writeFieldName(f.key());
        switch (f.type()) {
          case BOOL -> g.writeBoolean((Boolean) f.value());
          case INT64 -> g.writeNumber((Long) f.value());
          case FLOAT64 -> g.writeRawValue(Double.toString((Double) f.value()));
          default -> g.writeString(f.valueAsString());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static String quote(String s) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A tag's text as Java's {@code String.valueOf} gives it (the exporter's way; "1.0", not "1"). */
  private static String text(Tag t) {
    return t.type() == TagType.FLOAT64 ? Double.toString((Double) t.value()) : t.valueAsString();
  }

  /** Jaeger's peer.ipv4 number back to the address's four bytes. */
  private static byte[] ipv4(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static int asInt(Tag t) {
    try {
      long v = Long.parseLong(t.valueAsString());
      return v > 0 && v <= 0xffff ? (int) v : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String find(Span s, String key) {
    return findIn(s.tags(), key);
  }

  private static String findIn(List<Tag> tags, String key) {
    for (Tag t : tags) {
      if (t.key().equals(key)) {
        return t.valueAsString();
      }
    }
    return null;
  }
}
