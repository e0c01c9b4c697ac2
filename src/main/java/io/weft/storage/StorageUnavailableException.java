package io.weft.storage;

/**
 * The backend could not be reached or did not answer in time, even after retries; the same
 * request may well succeed later. A collector answers its sender with a retryable error
 * (HTTP 503, gRPC UNAVAILABLE), so the sender keeps the spans and sends them again.
 */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
