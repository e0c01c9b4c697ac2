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
 * message moved to {@code error.message}; the remote endpoint becomes {@code peer.*} tags.
 */
public final class ZipkinDecoder {
  /** Jaeger's process name for a span without a local service name. */
  public static final String UNKNOWN_SERVICE = "unknown-service-name";
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
    return decode(SpanBytesDecoder.JSON_V2, "Zipkin JSON v2", body);
  }

  public static List<Span> decodeProto3(byte[] body) {
    return decode(SpanBytesDecoder.PROTO3, "Zipkin proto3", body);
  }

  private static List<Span> decode(SpanBytesDecoder decoder, String what, byte[] body) {
    List<zipkin2.Span> spans;
    try {
      spans = decoder.decodeList(ByteBuffer.wrap(body));
    } catch (RuntimeException e) {
      throw new CodecException("malformed " + what + ": " + e.getMessage(), e);
    }
    try {
      return fromZipkin(spans);
    } catch (IllegalArgumentException e) { // ids zipkin accepted but are not hex after all
      throw new CodecException("invalid " + what + ": " + e.getMessage(), e);
    }
  }

  public static List<Span> fromZipkin(List<zipkin2.Span> spans) {
    List<Span> out = new ArrayList<>(spans.size());
    for (zipkin2.Span s : spans) {
      out.add(span(s));
    }
    return out;
  }

  private static Span span(zipkin2.Span z) {
    TraceId traceId = TraceId.fromHex(z.traceId());
    List<SpanRef> refs = z.parentId() == null
        ? List.of() : List.of(SpanRef.childOf(traceId, Ids.parseHex(z.parentId())));
    List<Tag> tags = new ArrayList<>(z.tags().size() + 4);
    List<Tag> processTags = new ArrayList<>(2);
    String errorMessage = null;
    for (Map.Entry<String, String> e : z.tags().entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (PROCESS_TAGS.containsKey(key)) {
        processTags.add(Tag.string(PROCESS_TAGS.get(key), value));
      } else if (key.equalsIgnoreCase("error")) {
        // Jaeger's error-tag sanitizer: "", "true" -> true; "false" -> false; a message -> true + error.message.
        boolean isFalse = value.equalsIgnoreCase("false");
        tags.add(Tag.bool(key, !isFalse));
        if (!isFalse && !value.isEmpty() && !value.equalsIgnoreCase("true")) {
          errorMessage = value;
        }
      } else if (key.equals("lc")) {
        tags.add(Tag.string("component", value)); // zipkin's "local component"
      } else {
        tags.add(Tag.string(key, value));
      }
    }
    SpanKind kind = kind(z.kind());
    if (kind != SpanKind.UNSPECIFIED) {
      addPeerTags(tags, z.remoteEndpoint()); // Jaeger only knows the remote side of an RPC or message
    }
    if (errorMessage != null) {
      tags.add(Tag.string("error.message", errorMessage));
    }
    int flags = SAMPLED | (Boolean.TRUE.equals(z.debug()) ? DEBUG : 0);
    return Span.builder()
        .traceId(traceId)
        .spanId(Ids.parseHex(z.id()))
        .operationName(z.name() == null ? "" : z.name())
        .references(refs)
        .flags(flags)
        .startTimeMicros(z.timestampAsLong())
        .durationMicros(z.durationAsLong())
        .tags(tags)
        .logs(logs(z.annotations()))
        .process(process(z.localEndpoint(), processTags))
        .kind(kind)
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

  /** Jaeger's peer tags: peer.ipv4 as the address's unsigned 32-bit number, peer.ipv6 as its 16 bytes. */
  private static void addPeerTags(List<Tag> tags, Endpoint remote) {
    if (remote == null) {
      return;
    }
    if (remote.serviceName() != null) {
      tags.add(Tag.string("peer.service", remote.serviceName()));
    }
    if (remote.ipv4Bytes() != null) {
      tags.add(Tag.int64("peer.ipv4", Integer.toUnsignedLong(toInt(remote.ipv4Bytes()))));
    }
    if (remote.ipv6Bytes() != null) {
      tags.add(Tag.binary("peer.ipv6", remote.ipv6Bytes()));
    }
    if (remote.portAsInt() != 0) {
      tags.add(Tag.int64("peer.port", remote.portAsInt()));
    }
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static Process process(Endpoint local, List<Tag> tags) {
    String service = local == null ? null : local.serviceName();
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
