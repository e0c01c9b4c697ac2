package io.weft.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.weft.model.Ids;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import zipkin2.Annotation;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Zipkin v2 spans to Weft spans, following Jaeger's Zipkin path (v2 to zipkincore, its sanitizers,
 * then zipkincore to Jaeger): tags stay strings except {@code error}, which becomes a bool with any
 * message moved to {@code error.message}; the remote endpoint becomes {@code peer.*} tags. Span and
 * service names keep their case, as in Jaeger (zipkin2's own model lowercases them). The local
 * endpoint's address and port are also kept as {@code net.host.ip}/{@code net.host.port} tags (as
 * Jaeger v2's Zipkin receiver does), so {@link ZipkinEncoder} can give the span back as it came.
 */
public final class ZipkinDecoder {
  /** Jaeger's process name for a span without a local service name. */
  public static final String UNKNOWN_SERVICE = "unknown-service-name";
  static final String HOST_IP = "net.host.ip";
  static final String HOST_PORT = "net.host.port";
  static final String PEER_SERVICE = "peer.service";
  static final String PEER_IPV4 = "peer.ipv4";
  static final String PEER_IPV6 = "peer.ipv6";
  static final String PEER_PORT = "peer.port";
  static final String ERROR_MESSAGE = "error.message";
  /** Zipkin's "local component" tag, which Jaeger renames. */
  static final String LOCAL_COMPONENT = "lc";
  static final String COMPONENT = "component";
  private static final JsonFactory JSON = new JsonFactory();
  /** Annotations Jaeger drops because they only restate the span kind and times. */
  private static final Set<String> CORE_ANNOTATIONS = Set.of("cs", "cr", "sr", "ss");
  /** Tags that describe the tracer's process, moved there by Jaeger (renamed as the values say). */
  private static final Map<String, String> PROCESS_TAGS =
      Map.of("jaegerClient", "jaeger.version", "jaeger.hostname", "hostname", "jaeger.version", "jaeger.version");
  private static final int SAMPLED = 1;
  private static final int DEBUG = 2;

  private ZipkinDecoder() {}

  public static List<Span> decodeJson(byte[] body) {
    return decode("Zipkin JSON v2", () -> ZipkinJsonV2Reader.read(body));
  }

  public static List<Span> decodeProto3(byte[] body) {
    return decode("Zipkin proto3", () -> ZipkinProto3Reader.read(body));
  }

  private interface Reader {
    List<ZipkinSpanIn> read() throws IOException;
  }

  private static List<Span> decode(String what, Reader reader) {
    List<ZipkinSpanIn> spans;
    try {
      spans = reader.read();
    } catch (IOException | RuntimeException e) {
      throw new CodecException("malformed " + what + ": " + e.getMessage(), e);
    }
    try {
      List<Span> out = new ArrayList<>(spans.size());
      for (ZipkinSpanIn s : spans) {
        out.add(span(s));
      }
      return out;
    } catch (IllegalArgumentException e) { // ids zipkin accepted but are not hex after all
      throw new CodecException("invalid " + what + ": " + e.getMessage(), e);
    }
  }

  /** Spans from zipkin2's model, whose names are already lowercase. */
  public static List<Span> fromZipkin(List<zipkin2.Span> spans) {
    List<Span> out = new ArrayList<>(spans.size());
    for (zipkin2.Span s : spans) {
      out.add(span(ZipkinSpanIn.of(s)));
    }
    return out;
  }

  private static Span span(ZipkinSpanIn in) {
    zipkin2.Span z = in.span();
    TraceId traceId = TraceId.fromHex(z.traceId());
    List<SpanRef> refs = z.parentId() == null
        ? List.of() : List.of(SpanRef.childOf(traceId, Ids.parseHex(z.parentId())));
    List<Tag> tags = new ArrayList<>(z.tags().size() + 6);
    List<Tag> processTags = new ArrayList<>(2);
    String errorMessage = null;
    for (Map.Entry<String, String> e : z.tags().entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      // The process tags all start with "j": other keys skip the map (and hashing a fresh string).
      if (!key.isEmpty() && key.charAt(0) == 'j' && PROCESS_TAGS.containsKey(key)) {
        processTags.add(Tag.string(PROCESS_TAGS.get(key), value));
      } else if (key.equalsIgnoreCase("error")) {
        // Jaeger's error-tag sanitizer: "", "true" -> true; "false" -> false; a message -> true + error.message.
        boolean isFalse = value.equalsIgnoreCase("false");
        tags.add(Tag.bool(key, !isFalse));
        if (!isFalse && !value.isEmpty() && !value.equalsIgnoreCase("true")) {
          errorMessage = value;
        }
      } else if (key.equals(LOCAL_COMPONENT)) {
        tags.add(Tag.string(COMPONENT, value));
      } else {
        tags.add(Tag.string(key, value));
      }
    }
    addLocalTags(tags, z.localEndpoint());
    addPeerTags(tags, in.remoteService(), z.remoteEndpoint());
    if (errorMessage != null) {
      tags.add(Tag.string(ERROR_MESSAGE, errorMessage));
    }
    int flags = SAMPLED | (Boolean.TRUE.equals(z.debug()) ? DEBUG : 0);
    return Span.builder()
        .traceId(traceId)
        .spanId(Ids.parseHex(z.id()))
        .operationName(in.name() == null ? "" : in.name())
        .references(refs)
        .flags(flags)
        .startTimeMicros(z.timestampAsLong())
        .durationMicros(z.durationAsLong())
        .tags(tags)
        .logs(logs(z.annotations()))
        .process(process(in.localService(), z.localEndpoint(), processTags))
        .kind(kind(z.kind()))
        .build();
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

  /** The local endpoint's address and port, which the process's "ip" tag alone cannot give back. */
  private static void addLocalTags(List<Tag> tags, Endpoint local) {
    if (local == null) {
      return;
    }
    String ip = local.ipv4() != null ? local.ipv4() : local.ipv6();
    if (ip != null) {
      tags.add(Tag.string(HOST_IP, ip));
    }
    if (local.portAsInt() != 0) {
      tags.add(Tag.int64(HOST_PORT, local.portAsInt()));
    }
  }

  /**
   * Jaeger's peer tags: peer.ipv4 as the address's unsigned 32-bit number, peer.ipv6 as its 16 bytes.
   * Jaeger adds them only to spans with a kind; Weft keeps a kindless span's remote endpoint too.
   */
  private static void addPeerTags(List<Tag> tags, String service, Endpoint remote) {
    if (remote == null) {
      return;
    }
    if (service != null) {
      tags.add(Tag.string(PEER_SERVICE, service));
    }
    if (remote.ipv4Bytes() != null) {
      tags.add(Tag.int64(PEER_IPV4, Integer.toUnsignedLong(toInt(remote.ipv4Bytes()))));
    }
    if (remote.ipv6Bytes() != null) {
      tags.add(Tag.binary(PEER_IPV6, remote.ipv6Bytes()));
    }
    if (remote.portAsInt() != 0) {
      tags.add(Tag.int64(PEER_PORT, remote.portAsInt()));
    }
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static Process process(String service, Endpoint local, List<Tag> tags) {
    if (service == null || service.isEmpty()) {
      return new Process(UNKNOWN_SERVICE, tags);
    }
    // The host's address as the "ip" tag that Jaeger clients report themselves.
    String ip = local.ipv4() != null ? local.ipv4() : local.ipv6();
    if (ip != null) {
      tags.add(Tag.string("ip", ip));
    }
    return new Process(service, tags);
  }

  /** Annotations as logs; one whose value is a JSON object of strings gives those fields (Jaeger does too). */
  private static List<Log> logs(List<Annotation> annotations) {
    List<Log> logs = new ArrayList<>(annotations.size());
    for (Annotation a : annotations) {
      if (a.value().isEmpty() || CORE_ANNOTATIONS.contains(a.value())) {
        continue;
      }
      List<Tag> fields = jsonFields(a.value());
      logs.add(new Log(a.timestamp(), fields != null ? fields : List.of(Tag.string("event", a.value()))));
    }
    return logs;
  }

  /** The fields of a flat JSON object whose values are all strings, else null. */
  private static List<Tag> jsonFields(String value) {
    if (!value.startsWith("{")) {
      return null;
    }
    List<Tag> fields = new ArrayList<>();
    try (JsonParser p = JSON.createParser(value)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          return null;
        }
        fields.add(Tag.string(key, p.getText()));
      }
      return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? fields : null;
    } catch (IOException e) {
      return null;
    }
  }
}
