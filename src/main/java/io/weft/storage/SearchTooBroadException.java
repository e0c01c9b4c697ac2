package io.weft.storage;

/**
 * A backend refuses a search that would cost more than it allows (for example, a search without a
 * service over more index partitions than configured); the message names the limit. The query
 * service answers it as a bad request (400).
 */
public class SearchTooBroadException extends RuntimeException {
  public SearchTooBroadException(String message) {
    super(message);
  }
}
