package io.weft.kafka;

import io.weft.storage.StorageUnavailableException;

/**
 * Kafka did not take the spans (unreachable, too slow, or Weft's producer buffer bound reached).
 * The same spans may well be taken later, so the collector answers with a retryable error.
 */
public final class KafkaUnavailableException extends StorageUnavailableException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
