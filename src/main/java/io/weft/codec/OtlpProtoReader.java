package io.weft.codec;

import static io.weft.codec.ProtoInput.LEN;
import static io.weft.codec.ProtoInput.VARINT;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * An OTLP {@code ExportTraceServiceRequest} in protobuf (gRPC TraceService/Export, OTLP/HTTP
 * application/x-protobuf) read straight into Weft spans: no protobuf message objects, each string
 * decoded once (see {@link Utf8Strings}). The spans equal what {@link OtlpDecoder#decode} makes of the
 * message protobuf-java parses from the same bytes, and bytes protobuf-java refuses are refused
 * (a {@link CodecException}): fields in any order, unknown fields skipped, a message field given twice
 * merged, a scalar given twice the last, every string of the known fields checked for UTF-8
 * (also in the fields Weft ignores: schema URLs, scope attributes, entity refs, link trace states).
 */
final class OtlpProtoReader {
  private static final int RESOURCE_SPANS = 1 << 3 | LEN;
  // ResourceSpans
  private static final int RESOURCE = 1 << 3 | LEN;
  private static final int SCOPE_SPANS = 2 << 3 | LEN;
  private static final int SCHEMA_URL = 3 << 3 | LEN; // also ScopeSpans'
  // Resource
  private static final int RESOURCE_ATTRIBUTES = 1 << 3 | LEN;
  private static final int RESOURCE_DROPPED = 2 << 3 | VARINT;
  private static final int ENTITY_REFS = 3 << 3 | LEN;
  // ScopeSpans
  private static final int SCOPE = 1 << 3 | LEN;
  private static final int SPANS = 2 << 3 | LEN;
  // InstrumentationScope
  private static final int SCOPE_NAME = 1 << 3 | LEN;
  private static final int SCOPE_VERSION = 2 << 3 | LEN;
  private static final int SCOPE_ATTRIBUTES = 3 << 3 | LEN;
  private static final int SCOPE_DROPPED = 4 << 3 | VARINT;

  private OtlpProtoReader() {}

  static List<Span> decode(byte[] body) {
    ProtoInput in = new ProtoInput(body, Utf8Strings.forThread(), "OTLP protobuf");
    OtlpSpanReader spans = new OtlpSpanReader(in);
    List<Span> out = new ArrayList<>();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == RESOURCE_SPANS) {
        int outer = in.enter();
        resourceSpans(in, spans, out);
        in.leave(outer);
      } else {
        in.skip(t);
      }
    }
    return out;
  }

  /** The resource first, wherever it is in the message (every span needs its process), then the scopes. */
  private static void resourceSpans(ProtoInput in, OtlpSpanReader spans, List<Span> out) {
    int start = in.pos;
    Process process = process(in);
    in.rewind(start);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == SCOPE_SPANS) {
        int outer = in.enter();
        scopeSpans(in, spans, process, out);
        in.leave(outer);
      } else {
        in.skip(t);
      }
    }
  }

  /** Reads the ResourceSpans' resource (each occurrence merged into one, as protobuf does) and its schema URL. */
  private static Process process(ProtoInput in) {
    List<Tag> attributes = new ArrayList<>(4);
    int dropped = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == RESOURCE) {
        int outer = in.enter();
        int f;
        while ((f = in.readTag()) != 0) {
          if (f == RESOURCE_ATTRIBUTES) {
            OtlpAttributeReader.addResource(in, attributes);
          } else if (f == RESOURCE_DROPPED) {
            dropped = in.readVarint32();
          } else if (f == ENTITY_REFS) {
            checkEntityRef(in);
          } else {
            in.skip(f);
          }
        }
        in.leave(outer);
      } else if (t == SCHEMA_URL) {
        in.readString();
      } else {
        in.skip(t);
      }
    }
    return OtlpParts.process(attributes, dropped);
  }

  /** An EntityRef is not used, but its strings must be UTF-8 for the request to be valid. */
  private static void checkEntityRef(ProtoInput in) {
    int outer = in.enter();
    int t;
    while ((t = in.readTag()) != 0) {
      if ((t & 7) == LEN && (t >>> 3) >= 1 && (t >>> 3) <= 4) { // schema_url, type, id_keys, description_keys
        in.readString();
      } else {
        in.skip(t);
      }
    }
    in.leave(outer);
  }

  private static void scopeSpans(ProtoInput in, OtlpSpanReader spans, Process process, List<Span> out) {
    int start = in.pos;
    List<Tag> scopeTags = scopeTags(in);
    in.rewind(start);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == SPANS) {
        out.add(spans.read(scopeTags, process));
      } else {
        in.skip(t);
      }
    }
  }

  /** The scope's name and version as tags (each scope occurrence merged) after checking the rest. */
  private static List<Tag> scopeTags(ProtoInput in) {
    String name = "";
    String version = "";
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == SCOPE) {
        int outer = in.enter();
        int f;
        while ((f = in.readTag()) != 0) {
          if (f == SCOPE_NAME) {
            name = in.readName();
          } else if (f == SCOPE_VERSION) {
            version = in.readName();
          } else if (f == SCOPE_ATTRIBUTES) {
            OtlpAttributeReader.keyValue(in, false); // not kept (as before), but part of a valid request
          } else if (f == SCOPE_DROPPED) {
            in.readVarint32();
          } else {
            in.skip(f);
          }
        }
        in.leave(outer);
      } else if (t == SCHEMA_URL) {
        in.readString();
      } else {
        in.skip(t);
      }
    }
    return OtlpParts.scopeTags(name, version);
  }
}
