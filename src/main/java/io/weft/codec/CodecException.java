package io.weft.codec;

/** A payload that cannot be decoded at all; receivers answer it with 400 and this message. */
public class CodecException extends RuntimeException {
  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
