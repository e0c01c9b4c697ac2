package io.weft.codec;

/**
 * A protobuf wire reader over one byte array, accepting and refusing exactly what protobuf-java's
 * array parser (CodedInputStream) does for proto3 messages, so a hand-written reader built on it
 * agrees with the generated classes on every input: tags, lengths and 32-bit fields are varints of
 * at most 10 bytes whose low 32 bits count; 64-bit varints accept a 10th byte whose lowest bit is
 * set even with its continuation bit (protobuf-java's fast path does); messages and groups nest at
 * most {@link #RECURSION_LIMIT} deep; unknown fields are skipped, groups included; an end-group tag
 * outside its group, wire types 6 and 7, field number 0, a length past the end and invalid UTF-8 in
 * a string are errors. Every error is a {@link CodecException} naming the byte offset.
 */
final class ProtoInput {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;
  /** protobuf-java's default: a message or group nested deeper than this fails the whole parse. */
  static final int RECURSION_LIMIT = 100;

  final byte[] buf;
  final Utf8Strings strings;
  private final String what;
  int pos;
  private int limit;
  /** How many messages (and unknown groups) enclose the current position, as protobuf-java counts. */
  int depth;

  ProtoInput(byte[] buf, Utf8Strings strings, String what) {
    this.buf = buf;
    this.strings = strings;
    this.what = what;
    this.limit = buf.length;
  }

  static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** The next tag, or 0 at the end of the current message. */
  int readTag() {
    if (pos == limit) {
      return 0;
    }
    int tag = readVarint32();
    if (tag >>> 3 == 0) {
      throw malformed("field number 0");
    }
    return tag;
  }

  /** A varint read as protobuf-java reads tags, lengths, int32, uint32 and enums: its low 32 bits. */
  int readVarint32() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = readByte();
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return (int) v;
      }
    }
    throw malformed("malformed varint");
  }

  /** A varint read as protobuf-java reads int64, bool and unknown varints. */
  long readVarint64() {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      byte b = readByte();
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    byte last = readByte(); // the 10th: its lowest bit is bit 63
    if (last < 0 && (last & 1) == 0) {
      throw malformed("malformed varint");
    }
    return v | (long) (last & 1) << 63;
  }

  private byte readByte() {
    if (pos == limit) {
      throw malformed("truncated varint");
    }
    return buf[pos++];
  }

  long readFixed64() {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  int readFixed32() {
    need(4);
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** A length-delimited field's length, checked against the bytes left; the caller takes them from {@link #pos}. */
  int readLength() {
    int len = readVarint32();
    if (len < 0) {
      throw malformed("negative length");
    }
    need(len);
    return len;
  }

  /** The bytes of a length-delimited field, skipped over; returns their offset (the length is {@code pos - offset}). */
  int readBytesOffset() {
    int len = readLength();
    int at = pos;
    pos += len;
    return at;
  }

  byte[] readBytes() {
    int at = readBytesOffset();
    return java.util.Arrays.copyOfRange(buf, at, pos);
  }

  /** A string read once (a value). */
  String readString() {
    int len = readLength();
    String s = Utf8Strings.decode(buf, pos, len, this);
    pos += len;
    return s;
  }

  /** A string many spans repeat (a key, a name): the same instance as the last time, see {@link Utf8Strings}. */
  String readName() {
    int len = readLength();
    String s = strings.remembered(buf, pos, len, this);
    pos += len;
    return s;
  }

  /** Enters an embedded message: returns the enclosing limit, to give back to {@link #leave}. */
  int enter() {
    int len = readLength();
    if (depth >= RECURSION_LIMIT) {
      throw malformed("messages nested more than " + RECURSION_LIMIT + " deep");
    }
    depth++;
    int outer = limit;
    limit = pos + len;
    return outer;
  }

  /** Leaves the message {@link #enter} entered; its fields must all have been read. */
  void leave(int outer) {
    depth--;
    limit = outer;
  }

  /** Re-reads the current message from {@code at} (a position inside it, at a tag). */
  void rewind(int at) {
    pos = at;
  }

  int limit() {
    return limit;
  }

  /** Back to a state seen earlier (a reading abandoned inside nested messages). */
  void reset(int pos, int limit, int depth) {
    this.pos = pos;
    this.limit = limit;
    this.depth = depth;
  }

  /** Skips the field of {@code tag} (whose tag was just read); a known field with another wire type lands here too. */
  void skip(int tag) {
    switch (tag & 7) {
      case VARINT -> readVarint64();
      case FIXED64 -> {
        need(8);
        pos += 8;
      }
      case LEN -> {
        int len = readLength(); // not "pos += readLength()": that adds to the position before the length
        pos += len;
      }
      case START_GROUP -> skipGroup(tag >>> 3);
      case END_GROUP -> throw malformed("end-group tag outside its group");
      case FIXED32 -> {
        need(4);
        pos += 4;
      }
      default -> throw malformed("invalid wire type " + (tag & 7));
    }
  }

  private void skipGroup(int field) {
    if (depth >= RECURSION_LIMIT) {
      throw malformed("groups nested more than " + RECURSION_LIMIT + " deep");
    }
    depth++;
    int tag;
    while ((tag = readTag()) != 0 && (tag & 7) != END_GROUP) {
      skip(tag);
    }
    if (tag != tag(field, END_GROUP)) {
      throw malformed("group " + field + " not ended by its end-group tag");
    }
    depth--;
  }

  private void need(int n) {
    if (limit - pos < n) {
      throw malformed("truncated: " + n + " bytes needed, " + (limit - pos) + " left");
    }
  }

  CodecException malformed(String why) {
    return new CodecException("malformed " + what + ": " + why + " at byte " + pos);
  }

  CodecException malformed(String why, Throwable cause) {
    return new CodecException("malformed " + what + ": " + why + " at byte " + pos, cause);
  }
}
