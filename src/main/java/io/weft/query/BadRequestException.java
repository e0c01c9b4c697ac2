package io.weft.query;

/** A request that cannot be answered as asked; the API replies 400 with this message. */
public class BadRequestException extends RuntimeException {
  public BadRequestException(String message) {
    super(message);
  }
}
