package io.weft.codec;

import static io.weft.codec.OtlpDecoder.DROPPED_ATTRIBUTES;
import static io.weft.codec.OtlpDecoder.DROPPED_EVENTS;
import static io.weft.codec.OtlpDecoder.DROPPED_LINKS;
import static io.weft.codec.OtlpDecoder.REF_TYPE;
import static io.weft.codec.OtlpDecoder.SCOPE_NAME;
import static io.weft.codec.OtlpDecoder.SCOPE_VERSION;
import static io.weft.codec.OtlpDecoder.SERVICE_NAME;
import static io.weft.codec.OtlpDecoder.TRACE_STATE;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of the OTLP-to-Weft translation (Jaeger's OTLP-to-Jaeger rules) that both readers share:
 * {@link OtlpDecoder} on protobuf messages (OTLP JSON) and {@link OtlpProtoReader} on protobuf bytes.
 * They take values already decoded, so both readers give the same spans by construction.
 */
final class OtlpParts {
  private static final Tag CHILD_OF_ATTRIBUTE = Tag.string(REF_TYPE, "child_of");
  private static final int SAMPLED = 1;

  private OtlpParts() {}

  /** A link as read: its ids are valid only when they had 16 and 8 bytes. Its attribute list is its own. */
  record Link(int traceIdBytes, int spanIdBytes, TraceId traceId, long spanId, List<Tag> attributes) {}

  /** The first service.name attribute names the service (whatever its type); the others are process tags. */
  static Process process(List<Tag> attributes, int droppedAttributes) {
    String service = null;
    List<Tag> tags = new ArrayList<>(attributes.size());
    for (Tag t : attributes) {
      if (t.key().equals(SERVICE_NAME)) {
        if (service == null) {
          service = t.valueAsString();
        }
      } else {
        tags.add(t);
      }
    }
    if (droppedAttributes > 0) {
      tags.add(Tag.int64(DROPPED_ATTRIBUTES, droppedAttributes));
    }
    // No service.name: left empty, so the collector's validator rejects the span with a reason.
    return new Process(service == null ? "" : service, tags);
  }

  static List<Tag> scopeTags(String name, String version) {
    if (name.isEmpty()) {
      return version.isEmpty() ? List.of() : List.of(Tag.string(SCOPE_VERSION, version));
    }
    return version.isEmpty() ? List.of(Tag.string(SCOPE_NAME, name))
        : List.of(Tag.string(SCOPE_NAME, name), Tag.string(SCOPE_VERSION, version));
  }

  /** What follows a span's attributes among its tags: its trace state and dropped counts. */
  static void addSpanFields(List<Tag> tags, String traceState, int droppedAttributes, int droppedEvents,
      int droppedLinks) {
    if (!traceState.isEmpty()) {
      tags.add(Tag.string(TRACE_STATE, traceState));
    }
    addCount(tags, DROPPED_ATTRIBUTES, droppedAttributes);
    addCount(tags, DROPPED_EVENTS, droppedEvents);
    addCount(tags, DROPPED_LINKS, droppedLinks);
  }

  static void addCount(List<Tag> tags, String key, int count) {
    if (count != 0) {
      tags.add(Tag.int64(key, Integer.toUnsignedLong(count)));
    }
  }

  /** W3C trace flags: only "sampled"; bit 2 ("random") would read as Jaeger's debug bit. */
  static int flags(int w3cFlags) {
    return w3cFlags & SAMPLED;
  }

  static long startMicros(long startNanos) {
    return Long.divideUnsigned(startNanos, 1000);
  }

  static long durationMicros(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1000;
  }

  /**
   * The parent first (readers look for the first CHILD_OF), then links as FOLLOWS_FROM (CHILD_OF when
   * an {@code opentracing.ref_type} attribute says so), each with all its attributes. A parent id of
   * a wrong length and links with bad ids are dropped with a warning.
   */
  static List<SpanRef> references(TraceId traceId, int parentBytes, long parentId, List<Link> links,
      List<String> warnings) {
    long parent = 0;
    if (parentBytes == 8) {
      parent = parentId;
    } else if (parentBytes != 0) {
      warnings.add("invalid parent span id (" + parentBytes + " bytes), dropped");
    }
    if (links.isEmpty()) {
      return parent != 0 ? List.of(SpanRef.childOf(traceId, parent)) : List.of();
    }
    List<SpanRef> refs = new ArrayList<>(links.size() + 1);
    if (parent != 0) {
      refs.add(SpanRef.childOf(traceId, parent));
    }
    for (Link link : links) {
      if (link.traceIdBytes() != 16 || link.spanIdBytes() != 8) {
        warnings.add("invalid link ids (" + link.traceIdBytes() + " and " + link.spanIdBytes() + " bytes), dropped");
        continue;
      }
      RefType type = isChildOf(link.attributes()) ? RefType.CHILD_OF : RefType.FOLLOWS_FROM;
      List<Tag> attributes = link.attributes();
      if (type == RefType.CHILD_OF) {
        attributes.remove(CHILD_OF_ATTRIBUTE); // the type says it; the encoder writes it back
      }
      if (parent != 0 && link.spanId() == parent && link.traceId().equals(traceId)) {
        // A link to the parent restates its type (and may carry attributes).
        refs.set(0, new SpanRef(type, traceId, parent, attributes));
      } else {
        refs.add(new SpanRef(type, link.traceId(), link.spanId(), attributes));
      }
    }
    return refs;
  }

  /** The first {@code opentracing.ref_type} attribute decides; only the string "child_of" makes CHILD_OF. */
  private static boolean isChildOf(List<Tag> attributes) {
    for (Tag t : attributes) {
      if (t.key().equals(REF_TYPE)) {
        return t.equals(CHILD_OF_ATTRIBUTE);
      }
    }
    return false;
  }

  /** An event is a log: its name as field {@code event} (unless an attribute has that key), then its attributes. */
  static Log log(long timeNanos, String name, List<Tag> attributes, int droppedAttributes) {
    List<Tag> fields = new ArrayList<>(attributes.size() + 2);
    if (!name.isEmpty() && !hasKey(attributes, "event")) {
      fields.add(Tag.string("event", name));
    }
    fields.addAll(attributes);
    addCount(fields, DROPPED_ATTRIBUTES, droppedAttributes);
    return new Log(Long.divideUnsigned(timeNanos, 1000), fields);
  }

  private static boolean hasKey(List<Tag> tags, String key) {
    for (Tag t : tags) {
      if (t.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  static SpanKind kind(int number) {
    return switch (number) {
      case 1 -> SpanKind.INTERNAL;
      case 2 -> SpanKind.SERVER;
      case 3 -> SpanKind.CLIENT;
      case 4 -> SpanKind.PRODUCER;
      case 5 -> SpanKind.CONSUMER;
      default -> SpanKind.UNSPECIFIED;
    };
  }

  static StatusCode status(int number) {
    return switch (number) {
      case 1 -> StatusCode.OK;
      case 2 -> StatusCode.ERROR;
      default -> StatusCode.UNSET;
    };
  }
}
