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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import zipkin2.Annotation;
import zipkin2.Endpoint;

/**
 * The Zipkin JSON v2 decoding that {@link ZipkinJsonV2Reader} replaced, kept as the oracle of
 * {@link ZipkinJsonEquivalenceTest}: Jackson's tokens through zipkin2's {@code Span.Builder} and
 * {@code Endpoint.Builder} (their validation and normalisation), then mapped to Weft spans as
 * ZipkinDecoder did. Copied unchanged from main before the change; do not "fix" it.
 */
final class ReferenceZipkinJsonDecoder {
  private static final String UNKNOWN_SERVICE = ZipkinDecoder.UNKNOWN_SERVICE;
  private static final String HOST_IP = "net.host.ip";
  private static final String HOST_PORT = "net.host.port";
  private static final String PEER_SERVICE = "peer.service";
  private static final String PEER_IPV4 = "peer.ipv4";
  private static final String PEER_IPV6 = "peer.ipv6";
  private static final String PEER_PORT = "peer.port";
  private static final String ERROR_MESSAGE = "error.message";
  private static final String LOCAL_COMPONENT = "lc";
  private static final String COMPONENT = "component";
  private static final Set<String> CORE_ANNOTATIONS = Set.of("cs", "cr", "sr", "ss");
  private static final Map<String, String> PROCESS_TAGS =
      Map.of("jaegerClient", "jaeger.version", "jaeger.hostname", "hostname", "jaeger.version", "jaeger.version");
  private static final int SAMPLED = 1;
  private static final int DEBUG = 2;

  private ReferenceZipkinJsonDecoder() {}

  /** The old ZipkinDecoder.decodeJson. */
  static List<Span> decode(byte[] body) {
    List<SpanIn> spans;
    try {
      spans = read(body);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("malformed Zipkin JSON v2: " + e.getMessage(), e);
    }
    try {
      List<Span> out = new ArrayList<>(spans.size());
      for (SpanIn s : spans) {
        out.add(span(s));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new CodecException("invalid Zipkin JSON v2: " + e.getMessage(), e);
    }
  }

  /** The old ZipkinSpanIn. */
  record SpanIn(zipkin2.Span span, String name, String localService, String remoteService) {}

  static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static final JsonFactory JSON = new JsonFactory();

  

  /** @throws IOException or IllegalArgumentException / IllegalStateException on bad input */
  private static List<SpanIn> read(byte[] body) throws IOException {
    List<SpanIn> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("expected a JSON array of spans");
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(span(p));
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("unexpected content after the list of spans");
      }
    }
    return out;
  }

  private static SpanIn span(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "a span");
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder();
    String name = null;
    String local = null;
    String remote = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("traceId")) {
        b.traceId(string(p, field));
        continue;
      } else if (field.equals("id")) {
        b.id(string(p, field));
        continue;
      } else if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "parentId" -> b.parentId(string(p, field));
        case "kind" -> b.kind(zipkin2.Span.Kind.valueOf(string(p, field)));
        case "name" -> {
          name = blankToNull(string(p, field));
          b.name(name);
        }
        case "timestamp" -> b.timestamp(number(p, field));
        case "duration" -> b.duration(number(p, field));
        case "localEndpoint" -> {
          String[] service = new String[1];
          b.localEndpoint(endpoint(p, service));
          local = service[0];
        }
        case "remoteEndpoint" -> {
          String[] service = new String[1];
          b.remoteEndpoint(endpoint(p, service));
          remote = service[0];
        }
        case "annotations" -> annotations(p, b);
        case "tags" -> tags(p, b);
        case "debug" -> {
          if (bool(p, field)) {
            b.debug(true);
          }
        }
        case "shared" -> {
          if (bool(p, field)) {
            b.shared(true);
          }
        }
        default -> p.skipChildren();
      }
    }
    expect(p, JsonToken.END_OBJECT, "the end of a span");
    return new SpanIn(b.build(), name, local, remote);
  }

  /** An endpoint, or null when it has no field (zipkin2 drops empty endpoints too); its service name as sent goes to {@code service[0]}. */
  private static Endpoint endpoint(JsonParser p, String[] service) throws IOException {
    expect(p, JsonToken.START_OBJECT, "an endpoint");
    Endpoint.Builder e = Endpoint.newBuilder();
    boolean any = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      if (p.nextToken() == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "serviceName" -> {
          service[0] = blankToNull(string(p, field));
          e.serviceName(service[0]);
          any = true;
        }
        case "ipv4", "ipv6" -> {
          e.parseIp(string(p, field));
          any = true;
        }
        case "port" -> {
          e.port((int) number(p, field));
          any = true;
        }
        default -> p.skipChildren();
      }
    }
    return any ? e.build() : null;
  }

  private static void annotations(JsonParser p, zipkin2.Span.Builder b) throws IOException {
    expect(p, JsonToken.START_ARRAY, "annotations");
    while (p.nextToken() != JsonToken.END_ARRAY) {
      expect(p, JsonToken.START_OBJECT, "an annotation");
      Long timestamp = null;
      String value = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("timestamp")) {
          timestamp = number(p, field);
        } else if (field.equals("value")) {
          value = string(p, field);
        } else {
          p.skipChildren();
        }
      }
      if (timestamp == null || value == null) {
        throw new IllegalArgumentException("Incomplete annotation at " + p.currentLocation().offsetDescription());
      }
      b.addAnnotation(timestamp, value);
    }
  }

  private static void tags(JsonParser p, zipkin2.Span.Builder b) throws IOException {
    expect(p, JsonToken.START_OBJECT, "tags");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() == JsonToken.VALUE_NULL) {
        throw new IllegalArgumentException("No value at tags." + key);
      }
      b.putTag(key, string(p, "tags." + key));
    }
  }

  /** A string; like zipkin2's reader, a number is taken as its text. */
  private static String string(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getText();
    }
    throw new IllegalArgumentException("Expected a string at " + field + " but was " + t);
  }

  /** A whole number; like zipkin2's reader, a string holding one is accepted. */
  private static long number(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    try {
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        return Long.parseLong(p.getText());
      }
    } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
      throw new IllegalArgumentException("Expected a long at " + field + " but was " + p.getText());
    }
    throw new IllegalArgumentException("Expected a long at " + field + " but was " + t);
  }

  private static boolean bool(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw new IllegalArgumentException("Expected a boolean at " + field + " but was " + t);
  }

  private static void expect(JsonParser p, JsonToken want, String what) {
    if (p.currentToken() != want) {
      throw new IllegalArgumentException("Expected " + what + " but was " + p.currentToken());
    }
  }

  private static Span span(SpanIn in) {
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
