package io.weft.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Re-encodes protobuf bytes the way other encoders, newer schema versions or hostile clients may
 * write them, guided by the message descriptors: fields shuffled, unknown fields (every wire type,
 * nested groups) inserted, known field numbers with another wire type, a message field split in two
 * occurrences (protobuf merges them), a field given twice (the last scalar wins, a oneof switches).
 */
final class WireRewriter {
  private record Field(int number, int wireType, byte[] raw) {}

  private final Random r;
  private final double p;

  /** {@code p}: the chance of each kind of change in each message. */
  WireRewriter(long seed, double p) {
    this.r = new Random(seed);
    this.p = p;
  }

  byte[] rewrite(byte[] bytes, Descriptor type) {
    List<Field> fields = parse(bytes);
    List<Field> out = new ArrayList<>();
    for (Field f : fields) {
      FieldDescriptor d = type.findFieldByNumber(f.number());
      if (d != null && d.getType() == FieldDescriptor.Type.MESSAGE && f.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        byte[] inner = rewrite(f.raw(), d.getMessageType());
        if (r.nextDouble() < p) { // split in two occurrences: merged back by protobuf
          List<Field> innerFields = parse(inner);
          int cut = r.nextInt(innerFields.size() + 1);
          out.add(new Field(f.number(), f.wireType(), encode(innerFields.subList(0, cut))));
          out.add(new Field(f.number(), f.wireType(), encode(innerFields.subList(cut, innerFields.size()))));
        } else {
          out.add(new Field(f.number(), f.wireType(), inner));
        }
      } else {
        if (d != null && r.nextDouble() < p) {
          out.add(randomValue(f.number(), f.wireType(), d)); // given twice: the one after counts
        }
        out.add(f);
      }
    }
    if (r.nextDouble() < p) {
      out.add(r.nextInt(out.size() + 1), unknown(type, 0));
    }
    if (r.nextDouble() < p && !type.getFields().isEmpty()) { // another known field (of a oneof, say), anywhere
      FieldDescriptor d = type.getFields().get(r.nextInt(type.getFields().size()));
      out.add(r.nextInt(out.size() + 1), randomValue(d.getNumber(), wireType(d), d));
    }
    if (r.nextDouble() < p && !type.getFields().isEmpty()) { // a known number with another wire type
      FieldDescriptor d = type.getFields().get(r.nextInt(type.getFields().size()));
      int wire = wireType(d) == WireFormat.WIRETYPE_VARINT ? WireFormat.WIRETYPE_FIXED32
          : WireFormat.WIRETYPE_VARINT;
      out.add(r.nextInt(out.size() + 1), randomValue(d.getNumber(), wire, null));
    }
    if (r.nextDouble() < p) {
      Collections.shuffle(out, r);
    }
    return encode(out);
  }

  private Field unknown(Descriptor type, int depth) {
    int number;
    do {
      number = 1 + r.nextInt(r.nextBoolean() ? 40 : 100_000);
    } while (type != null && type.findFieldByNumber(number) != null);
    int wire = new int[] {0, 1, 2, 3, 5}[r.nextInt(5)];
    if (wire == WireFormat.WIRETYPE_START_GROUP && depth < 3) {
      List<Field> inner = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        inner.add(unknown(null, depth + 1));
      }
      return new Field(number, wire, encode(inner));
    }
    return randomValue(number, wire == WireFormat.WIRETYPE_START_GROUP ? 0 : wire, null);
  }

  /** A value of the wire type: a string field gets text, a message field an empty message. */
  private Field randomValue(int number, int wire, FieldDescriptor d) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      CodedOutputStream o = CodedOutputStream.newInstance(b);
      switch (wire) {
        case WireFormat.WIRETYPE_VARINT -> o.writeUInt64NoTag(r.nextBoolean() ? r.nextInt(5) : r.nextLong());
        case WireFormat.WIRETYPE_FIXED64 -> o.writeFixed64NoTag(r.nextLong());
        case WireFormat.WIRETYPE_FIXED32 -> o.writeFixed32NoTag(r.nextInt());
        default -> {
          if (d != null && d.getType() == FieldDescriptor.Type.MESSAGE) {
            return new Field(number, wire, new byte[0]);
          }
          o.writeRawBytes(("v" + r.nextInt(100) + (r.nextBoolean() ? "é" : "")).getBytes(StandardCharsets.UTF_8));
        }
      }
      o.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Field(number, wire, b.toByteArray());
  }

  private static List<Field> parse(byte[] bytes) {
    List<Field> fields = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      int tag;
      while ((tag = in.readTag()) != 0) {
        int number = WireFormat.getTagFieldNumber(tag);
        int wire = WireFormat.getTagWireType(tag);
        int start = in.getTotalBytesRead();
        byte[] raw = switch (wire) {
          case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
          case WireFormat.WIRETYPE_START_GROUP -> {
            in.skipField(tag);
            yield java.util.Arrays.copyOfRange(bytes, start, in.getTotalBytesRead() - endTagSize(number));
          }
          default -> {
            in.skipField(tag);
            yield java.util.Arrays.copyOfRange(bytes, start, in.getTotalBytesRead());
          }
        };
        fields.add(new Field(number, wire, raw));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fields;
  }

  private static int makeTag(int number, int wireType) {
    return number << 3 | wireType;
  }

  private static int wireType(FieldDescriptor d) {
    return switch (d.getType()) {
      case MESSAGE, STRING, BYTES, GROUP -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
      case FIXED64, SFIXED64, DOUBLE -> WireFormat.WIRETYPE_FIXED64;
      case FIXED32, SFIXED32, FLOAT -> WireFormat.WIRETYPE_FIXED32;
      default -> WireFormat.WIRETYPE_VARINT;
    };
  }

  private static int endTagSize(int number) {
    return CodedOutputStream.computeUInt32SizeNoTag(makeTag(number, WireFormat.WIRETYPE_END_GROUP));
  }

  private static byte[] encode(List<Field> fields) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      CodedOutputStream o = CodedOutputStream.newInstance(b);
      for (Field f : fields) {
        o.writeUInt32NoTag(makeTag(f.number(), f.wireType()));
        if (f.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          o.writeUInt32NoTag(f.raw().length);
        }
        o.writeRawBytes(f.raw());
        if (f.wireType() == WireFormat.WIRETYPE_START_GROUP) {
          o.writeUInt32NoTag(makeTag(f.number(), WireFormat.WIRETYPE_END_GROUP));
        }
      }
      o.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }
}
