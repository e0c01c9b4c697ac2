package io.weft.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;

/**
 * Zipkin JSON v2's values as zipkin2's V2SpanReader takes them, read from the parser's current token:
 * a string field may be a number (its text), a number field a string holding one, "" is absent; short
 * strings are {@link CharStrings remembered} per thread.
 */
final class ZipkinJsonTokens {
  final JsonParser p;
  private final CharStrings strings = CharStrings.forThread();

  ZipkinJsonTokens(JsonParser p) {
    this.p = p;
  }

  /** The last string {@link #string} read, "" included. */
  String lastString;

  /** A string, "" as null (zipkin2's empty means absent); like zipkin2's reader, a number is taken as its text. */
  String string(String field, JsonToken t) throws IOException {
    text(field, t);
    lastString = remembered();
    return lastString.isEmpty() ? null : lastString;
  }

  String remembered() throws IOException {
    return strings.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  static boolean isText(JsonToken t) {
    return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
  }

  static void text(String field, JsonToken t) {
    if (!isText(t)) {
      throw notA("string", field, t);
    }
  }

  /** A whole number; like zipkin2's reader, a string holding one is accepted. */
  long number(String field, JsonToken t) throws IOException {
    try {
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        return Long.parseLong(p.getText());
      }
    } catch (NumberFormatException | InputCoercionException e) {
      throw new IllegalArgumentException("Expected a long at " + field + " but was " + p.getText());
    }
    throw notA("long", field, t);
  }

  static boolean bool(String field, JsonToken t) {
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw notA("boolean", field, t);
  }

  static IllegalArgumentException notA(String type, String field, JsonToken t) {
    return new IllegalArgumentException("Expected a " + type + " at " + field + " but was " + t);
  }

  void expect(JsonToken want, String what) {
    if (p.currentToken() != want) {
      throw new IllegalArgumentException("Expected " + what + " but was " + p.currentToken());
    }
  }
}
