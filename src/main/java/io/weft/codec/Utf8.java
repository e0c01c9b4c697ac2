package io.weft.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

/**
 * Strict UTF-8 decoding at the JDK's fast speed. The JDK's {@code new String(bytes, UTF_8)} checks runs
 * of ASCII with a vector intrinsic and replaces each malformed sequence (overlong forms, surrogates,
 * anything past U+10FFFF: RFC 3629, as protobuf-java requires too) with U+FFFD; so only a string that
 * holds a U+FFFD, never a pure-ASCII one, is decoded again strictly to tell a real one from a replacement.
 */
public final class Utf8 {
  private Utf8() {}

  /** {@code b[off, off + len)} as a String, or null when it is not valid UTF-8. */
  public static String strict(byte[] b, int off, int len) {
    if (len == 0) {
      return "";
    }
    String s = new String(b, off, len, UTF_8);
    if (s.indexOf('\uFFFD') < 0) {
      return s;
    }
    try {
      return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
