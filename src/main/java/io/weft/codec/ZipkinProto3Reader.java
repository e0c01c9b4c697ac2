package io.weft.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import zipkin2.Endpoint;

/**
 * Zipkin's proto3 {@code ListOfSpans} (zipkin-api's zipkin.proto), read as zipkin2's own
 * Proto3ZipkinFields does: ids as bytes turned to hex, kind 0 or unknown ignored, unknown fields
 * skipped; through zipkin2's builder for the same validation, keeping the names' case.
 */
final class ZipkinProto3Reader {
  private static final int LIST_SPANS = key(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int TRACE_ID = key(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int PARENT_ID = key(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ID = key(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int KIND = key(4, WireFormat.WIRETYPE_VARINT);
  private static final int NAME = key(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int TIMESTAMP = key(6, WireFormat.WIRETYPE_FIXED64);
  private static final int DURATION = key(7, WireFormat.WIRETYPE_VARINT);
  private static final int LOCAL_ENDPOINT = key(8, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int REMOTE_ENDPOINT = key(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ANNOTATION = key(10, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int TAG = key(11, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int DEBUG = key(12, WireFormat.WIRETYPE_VARINT);
  private static final int SHARED = key(13, WireFormat.WIRETYPE_VARINT);
  // Endpoint, Annotation and the tags' map entries
  private static final int FIELD1_BYTES = key(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int FIELD2_BYTES = key(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int IPV6 = key(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int PORT = key(4, WireFormat.WIRETYPE_VARINT);
  private static final int ANNOTATION_TIMESTAMP = key(1, WireFormat.WIRETYPE_FIXED64);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ZipkinProto3Reader() {}

  private static int key(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** @throws IOException or IllegalArgumentException / IllegalStateException on bad input */
  static List<ZipkinSpanIn> read(byte[] body) throws IOException {
    List<ZipkinSpanIn> out = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(body);
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag != LIST_SPANS) {
        throw new IllegalArgumentException("expected ListOfSpans.spans (field 1), got field " + (tag >>> 3));
      }
      int limit = in.pushLimit(in.readRawVarint32());
      out.add(span(in));
      in.popLimit(limit);
    }
    return out;
  }

  private static ZipkinSpanIn span(CodedInputStream in) throws IOException {
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder();
    String name = null;
    String[] local = new String[1];
    String[] remote = new String[1];
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == TRACE_ID) {
        b.traceId(hex(in.readByteArray()));
      } else if (tag == PARENT_ID) {
        b.parentId(hex(in.readByteArray()));
      } else if (tag == ID) {
        b.id(hex(in.readByteArray()));
      } else if (tag == KIND) {
        int k = in.readInt32();
        if (k > 0 && k <= zipkin2.Span.Kind.values().length) {
          b.kind(zipkin2.Span.Kind.values()[k - 1]);
        }
      } else if (tag == NAME) {
        name = ZipkinSpanIn.blankToNull(in.readStringRequireUtf8());
        b.name(name);
      } else if (tag == TIMESTAMP) {
        b.timestamp(in.readFixed64());
      } else if (tag == DURATION) {
        b.duration(in.readUInt64());
      } else if (tag == LOCAL_ENDPOINT) {
        b.localEndpoint(nested(in, () -> endpoint(in, local)));
      } else if (tag == REMOTE_ENDPOINT) {
        b.remoteEndpoint(nested(in, () -> endpoint(in, remote)));
      } else if (tag == ANNOTATION) {
        nested(in, () -> annotation(in, b));
      } else if (tag == TAG) {
        nested(in, () -> tag(in, b));
      } else if (tag == DEBUG) {
        if (in.readBool()) {
          b.debug(true);
        }
      } else if (tag == SHARED) {
        if (in.readBool()) {
          b.shared(true);
        }
      } else {
        in.skipField(tag);
      }
    }
    return new ZipkinSpanIn(b.build(), name, local[0], remote[0]);
  }

  private static Endpoint endpoint(CodedInputStream in, String[] service) throws IOException {
    Endpoint.Builder e = Endpoint.newBuilder();
    boolean any = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == FIELD1_BYTES) {
        service[0] = ZipkinSpanIn.blankToNull(in.readStringRequireUtf8());
        e.serviceName(service[0]);
        any = true;
      } else if (tag == FIELD2_BYTES || tag == IPV6) {
        e.parseIp(in.readByteArray());
        any = true;
      } else if (tag == PORT) {
        e.port(in.readInt32());
        any = true;
      } else {
        in.skipField(tag);
      }
    }
    return any ? e.build() : null;
  }

  private static Void annotation(CodedInputStream in, zipkin2.Span.Builder b) throws IOException {
    long timestamp = 0;
    String value = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == ANNOTATION_TIMESTAMP) {
        timestamp = in.readFixed64();
      } else if (tag == FIELD2_BYTES) {
        value = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    if (timestamp != 0 && value != null) { // zipkin2 drops an annotation missing either
      b.addAnnotation(timestamp, value);
    }
    return null;
  }

  /** A map entry: the key is required, an absent value is "" (proto3's default). */
  private static Void tag(CodedInputStream in, zipkin2.Span.Builder b) throws IOException {
    String key = null;
    String value = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == FIELD1_BYTES) {
        key = in.readStringRequireUtf8();
      } else if (tag == FIELD2_BYTES) {
        value = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    if (key != null) {
      b.putTag(key, value);
    }
    return null;
  }

  private interface Body<T> {
    T read() throws IOException;
  }

  /** Reads a length-delimited message with {@code body}, which stops at the message's end. */
  private static <T> T nested(CodedInputStream in, Body<T> body) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    T value = body.read();
    in.popLimit(limit);
    return value;
  }

  private static String hex(byte[] b) {
    char[] c = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      c[2 * i] = HEX[(b[i] >> 4) & 0xf];
      c[2 * i + 1] = HEX[b[i] & 0xf];
    }
    return new String(c);
  }
}
