package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-made encodings are byte for byte the driver's codecs' (which they replace on the write path). */
class CqlValuesTest {
  @Test
  void scalarsEncodeAsTheDriversCodecs() {
    for (ProtocolVersion v : List.of(ProtocolVersion.V4, ProtocolVersion.V5)) {
      for (String s : List.of("", "service-a", "tag.0=value-17", "héllo wörld ✓ \uD83D\uDE00")) {
        assertEquals(TypeCodecs.TEXT.encode(s, v), CqlValues.text(s), s);
      }
      for (long n : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_700_000_000_000_000L}) {
        assertEquals(TypeCodecs.BIGINT.encodePrimitive(n, v), CqlValues.bigint(n), Long.toString(n));
      }
      for (int n : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 172_800}) {
        assertEquals(TypeCodecs.INT.encodePrimitive(n, v), CqlValues.integer(n), Integer.toString(n));
      }
    }
  }

  @Test
  void setsOfTextEncodeAsTheDriversCodecAndDecodeBack() {
    var codec = TypeCodecs.setOf(TypeCodecs.TEXT);
    for (Set<String> set : List.of(new TreeSet<String>(), new TreeSet<>(Set.of("a")),
        new TreeSet<>(Set.of("span.kind=server", "tag.0=value-1", "", "ünï=cødé ✓")))) {
      for (ProtocolVersion v : List.of(ProtocolVersion.V4, ProtocolVersion.V5)) {
        assertEquals(codec.encode(set, v), CqlValues.textSet(set), set.toString());
        assertEquals(set, codec.decode(CqlValues.textSet(set), v));
      }
    }
  }
}
