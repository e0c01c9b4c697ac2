package io.weft.codec;

import static io.weft.codec.ProtoInput.FIXED64;
import static io.weft.codec.ProtoInput.LEN;
import static io.weft.codec.ProtoInput.VARINT;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.weft.model.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP attributes (common.proto's KeyValue and AnyValue) read from protobuf bytes into tags, giving
 * what {@link AnyValues#toTag} gives for the parsed message. The usual value (one field of the oneof,
 * arrays and kvlists of such values, nested less than {@link AnyValues#MAX_DEPTH} deep) is read
 * directly; the rare rest (an unset value inside an array or kvlist, deeper nesting, a value field
 * given more than once, which protobuf merges in its own way) is parsed into an AnyValue message
 * and handed to AnyValues, so its JSON text and merging rules are protobuf-java's and Jaeger's.
 */
final class OtlpAttributeReader {
  private static final int KEY = 1 << 3 | LEN;
  private static final int VALUE = 2 << 3 | LEN;
  private static final int KEY_STRINDEX = 3 << 3 | VARINT;
  private static final int STRING = 1 << 3 | LEN;
  private static final int BOOL = 2 << 3 | VARINT;
  private static final int INT = 3 << 3 | VARINT;
  private static final int DOUBLE = 4 << 3 | FIXED64;
  private static final int ARRAY = 5 << 3 | LEN;
  private static final int KVLIST = 6 << 3 | LEN;
  private static final int BYTES = 7 << 3 | LEN;
  private static final int STRING_STRINDEX = 8 << 3 | VARINT;
  private static final int VALUES = 1 << 3 | LEN; // ArrayValue.values and KeyValueList.values

  /** Thrown (preallocated, no stack) when a value needs the message path. */
  private static final class NeedsMessage extends RuntimeException {
    NeedsMessage() {
      super("needs AnyValue", null, false, false);
    }
  }

  private static final NeedsMessage NEEDS_MESSAGE = new NeedsMessage();

  private OtlpAttributeReader() {}

  /** Reads the KeyValue message at the position (its tag just read) and adds its tag to {@code tags}. */
  static void add(ProtoInput in, List<Tag> tags) {
    tags.add(keyValue(in, false));
  }

  /** The same for a resource's attributes, whose string values repeat request after request too. */
  static void addResource(ProtoInput in, List<Tag> tags) {
    tags.add(keyValue(in, true));
  }

  /** {@code names}: string values are remembered as names are (see {@link Utf8Strings}). */
  static Tag keyValue(ProtoInput in, boolean names) {
    int outer = in.enter();
    int start = in.pos;
    int limit = in.limit();
    int depth = in.depth;
    Tag tag;
    try {
      tag = keyValueFields(in, 0, true, names);
    } catch (NeedsMessage e) {
      in.reset(start, limit, depth);
      tag = throughMessage(in);
    }
    in.leave(outer);
    return tag;
  }

  /** A KeyValue's fields up to the end of the message: the last key, the value given once. */
  private static Tag keyValueFields(ProtoInput in, int depth, boolean top, boolean names) {
    String key = "";
    Tag tag = null;
    int values = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == KEY) {
        key = in.readName();
        if (tag != null) {
          tag = new Tag(key, tag.type(), tag.value()); // a key after the value (or repeated): the last counts
        }
      } else if (t == VALUE) {
        if (++values > 1) {
          throw NEEDS_MESSAGE; // protobuf merges the two values
        }
        tag = value(in, key, depth, top, names);
      } else if (t == KEY_STRINDEX) {
        in.readVarint32();
      } else {
        in.skip(t);
      }
    }
    if (tag == null) {
      if (!top) {
        throw NEEDS_MESSAGE; // an unset value inside a kvlist: the whole attribute becomes JSON
      }
      tag = Tag.string(key, "");
    }
    return tag;
  }

  /** The AnyValue message at the position, as {@code key}'s tag. */
  private static Tag value(ProtoInput in, String key, int depth, boolean top, boolean names) {
    int outer = in.enter();
    Tag tag = null;
    int t;
    while ((t = in.readTag()) != 0) {
      Tag read = switch (t) {
        case STRING -> Tag.string(key, names ? in.readName() : in.readString());
        case BOOL -> Tag.bool(key, in.readVarint64() != 0);
        case INT -> Tag.int64(key, in.readVarint64());
        case DOUBLE -> Tag.float64(key, Double.longBitsToDouble(in.readFixed64()));
        case BYTES -> Tag.binary(key, in.readBytes());
        case ARRAY -> array(in, key, depth, names);
        case KVLIST -> kvlist(in, key, depth, names);
        case STRING_STRINDEX -> {
          in.readVarint32();
          yield Tag.string(key, ""); // a string-table reference (profiles): no table in traces
        }
        default -> {
          in.skip(t);
          yield null;
        }
      };
      if (read != null) {
        if (tag != null) {
          throw NEEDS_MESSAGE; // the oneof given twice: protobuf-java's merge decides
        }
        tag = read;
      }
    }
    in.leave(outer);
    if (tag == null) {
      if (!top) {
        throw NEEDS_MESSAGE;
      }
      tag = Tag.string(key, "");
    }
    return tag;
  }

  private static Tag array(ProtoInput in, String key, int depth, boolean names) {
    if (depth >= AnyValues.MAX_DEPTH) {
      throw NEEDS_MESSAGE;
    }
    int outer = in.enter();
    List<Tag> elements = new ArrayList<>();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == VALUES) {
        elements.add(value(in, "", depth + 1, false, names));
      } else {
        in.skip(t);
      }
    }
    in.leave(outer);
    return Tag.array(key, elements);
  }

  private static Tag kvlist(ProtoInput in, String key, int depth, boolean names) {
    if (depth >= AnyValues.MAX_DEPTH) {
      throw NEEDS_MESSAGE;
    }
    int outer = in.enter();
    List<Tag> entries = new ArrayList<>();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == VALUES) {
        int entry = in.enter();
        entries.add(keyValueFields(in, depth + 1, false, names));
        in.leave(entry);
      } else {
        in.skip(t);
      }
    }
    in.leave(outer);
    return Tag.map(key, entries);
  }

  /**
   * The KeyValue at the position (inside it, at its first field) through protobuf-java: each value
   * field merged into one AnyValue as protobuf does with a field given more than once, at the
   * nesting depth left.
   */
  private static Tag throughMessage(ProtoInput in) {
    int depthLeft = ProtoInput.RECURSION_LIMIT - in.depth - 1;
    String key = "";
    AnyValue.Builder v = AnyValue.newBuilder();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == KEY) {
        key = in.readName();
      } else if (t == VALUE) {
        int at = in.readBytesOffset();
        if (depthLeft < 0) {
          throw in.malformed("messages nested more than " + ProtoInput.RECURSION_LIMIT + " deep");
        }
        CodedInputStream bytes = CodedInputStream.newInstance(in.buf, at, in.pos - at);
        bytes.setRecursionLimit(depthLeft);
        try {
          v.mergeFrom(bytes);
          bytes.checkLastTagWas(0);
        } catch (IOException e) {
          throw in.malformed("attribute value: " + e.getMessage(), e);
        }
      } else if (t == KEY_STRINDEX) {
        in.readVarint32();
      } else {
        in.skip(t);
      }
    }
    return AnyValues.toTag(key, v.build());
  }
}
