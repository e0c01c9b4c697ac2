package io.weft.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    try {
      return ZipkinJsonV2Reader.read(body);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("malformed Zipkin JSON v2: " + e.getMessage(), e);
    }
  }

  public static List<Span> decodeProto3(byte[] body) {
    List<ZipkinSpanIn> spans;
    try {
      spans = ZipkinProto3Reader.read(body);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("malformed Zipkin proto3: " + e.getMessage(), e);
    }
    try {
      return fromZipkinSpans(spans);
    } catch (IllegalArgumentException e) { // ids zipkin accepted but are not hex after all
      throw new CodecException("invalid Zipkin proto3: " + e.getMessage(), e);
    }
  }

  /** Spans from zipkin2's model, whose names are already lowercase. */
  public static List<Span> fromZipkin(List<zipkin2.Span> spans) {
    List<ZipkinSpanIn> in = new ArrayList<>(spans.size());
    for (zipkin2.Span s : spans) {
      in.add(ZipkinSpanIn.of(s));
    }
    return fromZipkinSpans(in);
  }

  private static List<Span> fromZipkinSpans(List<ZipkinSpanIn> spans) {
    List<Span> out = new ArrayList<>(spans.size());
    for (ZipkinSpanIn s : spans) {
      out.add(span(ZipkinFields.of(s)));
    }
    return out;
  }

  /** The Weft span of a Zipkin span's checked fields (tags and annotations already sorted). */
  static Span span(ZipkinFields z) {
    TraceId traceId = z.traceId();
    List<SpanRef> refs = z.parentId == 0 ? List.of() : List.of(SpanRef.childOf(traceId, z.parentId));
    List<Tag> tags = new ArrayList<>(z.tagCount + 6);
    List<Tag> processTags = new ArrayList<>(2);
    String errorMessage = null;
    for (int i = 0; i < z.tagCount; i++) {
      String key = z.tagKeys[i];
      String value = z.tagValues[i];
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
    // The local endpoint's address and port, which the process's "ip" tag alone cannot give back.
    if (z.localIp != null) {
      tags.add(Tag.string(HOST_IP, z.localIp));
    }
    if (z.localPort != 0) {
      tags.add(Tag.int64(HOST_PORT, z.localPort));
    }
    addPeerTags(tags, z);
    if (errorMessage != null) {
      tags.add(Tag.string(ERROR_MESSAGE, errorMessage));
    }
    int flags = SAMPLED | (z.debug ? DEBUG : 0);
    return Span.builder()
        .traceId(traceId)
        .spanId(z.id)
        .operationName(z.name == null ? "" : z.name)
        .references(refs)
        .flags(flags)
        .startTimeMicros(z.timestamp)
        .durationMicros(z.duration)
        .tags(tags)
        .logs(logs(z))
        .process(process(z, processTags))
        .kind(z.kind)
        .build();
  }

  /**
   * Jaeger's peer tags: peer.ipv4 as the address's unsigned 32-bit number, peer.ipv6 as its 16 bytes.
   * Jaeger adds them only to spans with a kind; Weft keeps a kindless span's remote endpoint too.
   */
  private static void addPeerTags(List<Tag> tags, ZipkinFields z) {
    if (z.remoteService != null) {
      tags.add(Tag.string(PEER_SERVICE, z.remoteService));
    }
    if (z.remoteIpv4 != null) {
      tags.add(Tag.int64(PEER_IPV4, Integer.toUnsignedLong(toInt(z.remoteIpv4))));
    }
    if (z.remoteIpv6 != null) {
      tags.add(Tag.binary(PEER_IPV6, z.remoteIpv6));
    }
    if (z.remotePort != 0) {
      tags.add(Tag.int64(PEER_PORT, z.remotePort));
    }
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static Process process(ZipkinFields z, List<Tag> tags) {
    String service = z.localService;
    if (service == null || service.isEmpty()) {
      return new Process(UNKNOWN_SERVICE, tags);
    }
    // The host's address as the "ip" tag that Jaeger clients report themselves.
    if (z.localIp != null) {
      tags.add(Tag.string("ip", z.localIp));
    }
    return new Process(service, tags);
  }

  /** Annotations as logs; one whose value is a JSON object of strings gives those fields (Jaeger does too). */
  private static List<Log> logs(ZipkinFields z) {
    if (z.annotationCount == 0) {
      return List.of();
    }
    List<Log> logs = new ArrayList<>(z.annotationCount);
    for (int i = 0; i < z.annotationCount; i++) {
      String value = z.annotationValues[i];
      if (value.isEmpty() || CORE_ANNOTATIONS.contains(value)) {
        continue;
      }
      List<Tag> fields = jsonFields(value);
      logs.add(new Log(z.annotationTimes[i], fields != null ? fields : List.of(Tag.string("event", value))));
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
