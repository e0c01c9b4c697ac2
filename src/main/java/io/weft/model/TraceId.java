package io.weft.model;

/** A 128-bit trace id; 64-bit ids (Jaeger, old Zipkin) have {@code high == 0}. */
public record TraceId(long high, long low) implements Comparable<TraceId> {

  public boolean isZero() {
    return high == 0 && low == 0;
  }

  /** 32 lowercase hex digits, or 16 when the high half is zero (as Jaeger prints them). */
  public String toHex() {
    return high == 0 ? Ids.hex16(low) : Ids.hex16(high) + Ids.hex16(low);
  }

  /** Accepts 1 to 32 hex digits; shorter ids are left-padded with zeros. */
  public static TraceId fromHex(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() > 32) {
      throw new IllegalArgumentException("trace id must be 1 to 32 hex digits: " + hex);
    }
    if (hex.length() <= 16) {
      return new TraceId(0, Ids.parseHex(hex));
    }
    int split = hex.length() - 16;
    return new TraceId(Ids.parseHex(hex, 0, split), Ids.parseHex(hex, split, hex.length()));
  }

  /** Reads 16 big-endian bytes (OTLP); 8 bytes are taken as a 64-bit id. */
  public static TraceId fromBytes(byte[] b) {
    if (b.length == 16) {
      return new TraceId(Ids.readLong(b, 0), Ids.readLong(b, 8));
    }
    if (b.length == 8) {
      return new TraceId(0, Ids.readLong(b, 0));
    }
    throw new IllegalArgumentException("trace id must be 8 or 16 bytes, got " + b.length);
  }

  /** Written out: a record's generated equals goes through method handles, and maps call it per span. */
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof TraceId t && high == t.high && low == t.low;
  }

  /** The value a record's generated hashCode gives (31 * hash(high) + hash(low)), computed directly. */
  @Override
  public int hashCode() {
    return 31 * Long.hashCode(high) + Long.hashCode(low);
  }

  @Override
  public int compareTo(TraceId o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
