package io.weft.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void hexIdsParseAsCharacterDigitReadsThem() {
    assertEquals(0xa1b2c3d4e5f60789L, Ids.parseHex("a1b2c3d4e5f60789"));
    assertEquals(0xA1B2C3D4E5F60789L, Ids.parseHex("A1B2C3D4E5F60789"));
    assertEquals(-1L, Ids.parseHex("ffffffffffffffff"));
    assertEquals(0x12, Ids.parseHex("x12y", 1, 3));
    assertEquals(0x3, Ids.parseHex("\u0663"), "a non-ASCII digit, as Character.digit reads it");
    for (String bad : new String[] {"", "g1", "12 ", "-1", "1ffffffffffffffff", "0x1"}) {
      assertThrows(IllegalArgumentException.class, () -> Ids.parseHex(bad), bad);
    }
    assertEquals(new TraceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L), TraceId.fromHex("0102030405060708090a0b0c0d0e0f10"));
    assertEquals(new TraceId(0x1, 0x090a0b0c0d0e0f10L), TraceId.fromHex("1090a0b0c0d0e0f10"));
    assertEquals(new TraceId(0, 0xabcL), TraceId.fromHex("abc"));
  }
}
