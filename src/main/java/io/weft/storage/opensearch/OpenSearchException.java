package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.storage.StorageUnavailableException;

/** An error answer from OpenSearch or Elasticsearch: its HTTP status, error type and reason. */
public final class OpenSearchException extends RuntimeException {
  private final int status;
  private final String type;

  public OpenSearchException(int status, String type, String reason) {
    super(type + " (HTTP " + status + "): " + reason);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  /**
   * Whether the same request may succeed later: the server is overloaded (429, a rejected
   * execution), not ready (502-504, no shard available) or the index is blocked, as when a full
   * disk passed the flood-stage watermark (OpenSearch and Elasticsearch answer 429 or 403 with a
   * cluster_block_exception, and lift the block once space is free).
   */
  public boolean retryable() {
    return retryable(status, type);
  }

  static boolean retryable(int status, String type) {
    return status == 429 || status == 502 || status == 503 || status == 504
        || "cluster_block_exception".equals(type)
        || "es_rejected_execution_exception".equals(type)
        || "opensearch_rejected_execution_exception".equals(type)
        || "no_shard_available_action_exception".equals(type)
        || "unavailable_shards_exception".equals(type)
        || "process_cluster_event_timeout_exception".equals(type);
  }

  /**
   * The exception for an error answer; one that may pass is a {@link StorageUnavailableException}
   * (receivers answer it retryably), with this as its cause.
   */
  static RuntimeException of(int status, JsonNode body, String what) {
    JsonNode error = body.path("error");
    String type = error.isTextual() ? "error" : error.path("type").asText("http_" + status);
    String reason = error.isTextual() ? error.asText() : error.path("reason").asText(body.toString());
    JsonNode root = error.path("root_cause").path(0);
    if (!root.isMissingNode() && !root.path("reason").asText("").equals(reason)) {
      reason = reason + " (" + root.path("reason").asText() + ")";
    }
    OpenSearchException e = new OpenSearchException(status, type, what + ": " + reason);
    return e.retryable() ? new StorageUnavailableException(e.getMessage(), e) : e;
  }
}
