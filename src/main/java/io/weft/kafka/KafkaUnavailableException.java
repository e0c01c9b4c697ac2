package io.weft.kafka;

/**
 * Kafka did not take the spans (unreachable, too slow, or Weft's producer buffer bound reached).
 * The same spans may well be taken later, so the collector answers with a retryable error.
 */
public final class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
