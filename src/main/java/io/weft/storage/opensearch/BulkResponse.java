package io.weft.storage.opensearch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the bulk API answered for each action of one request. The answer's {@code errors} flag
 * comes first: when it is false nothing more is read (the usual case, and the cheap one).
 */
final class BulkResponse {
  private BulkResponse() {}

  /**
   * Null when every action succeeded; else one entry per action, in request order: null for one
   * that succeeded (a delete of an absent document counts as done when {@code deletes[i]}), the
   * error otherwise (status 0 and type {@code missing_item} when the answer lacks the action).
   */
  static List<OpenSearchException> errors(Buffer body, boolean[] deletes) throws IOException {
    byte[] bytes = body.getBytes();
    try (JsonParser p = OpenSearchHttp.JSON.createParser(bytes)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("errors")) {
          if (!p.getValueAsBoolean()) {
            return null;
          }
          break;
        }
        p.skipChildren();
      }
    }
    JsonNode items = OpenSearchHttp.JSON.readTree(bytes).path("items");
    List<OpenSearchException> out = new ArrayList<>(deletes.length);
    for (int i = 0; i < deletes.length; i++) {
      JsonNode result = items.path(i).elements().hasNext() ? items.path(i).elements().next() : null;
      int status = result == null ? 0 : result.path("status").asInt();
      if ((status >= 200 && status < 300) || (status == 404 && deletes[i])) {
        out.add(null);
      } else if (result == null) {
        out.add(new OpenSearchException(0, "missing_item", "bulk item: no answer for this action"));
      } else {
        out.add(new OpenSearchException(status, result.path("error").path("type").asText("http_" + status),
            "bulk item: " + result.path("error").path("reason").asText("")));
      }
    }
    return out;
  }
}
