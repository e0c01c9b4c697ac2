package io.weft.ui;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What the browser fetched, from Chromium's performance log (DevTools Network events): every call to the
 * query API ({@code /api/}, {@code /analytics/}) with its status, and those that failed (HTTP 4xx/5xx, or
 * no answer at all). Each {@link #drain} reads the events logged since the previous one.
 */
final class BrowserNetwork {
  record Call(String method, String url, int status, String error) {
    boolean failed() {
      return error != null || status >= 400;
    }

    @Override
    public String toString() {
      return method + " " + url + " -> " + (error != null ? error : status);
    }
  }

  private final WebDriver driver;
  private final Map<String, String[]> requests = new HashMap<>();
  private final List<Call> all = new ArrayList<>();

  BrowserNetwork(WebDriver driver) {
    this.driver = driver;
  }

  /** The API calls completed since the last drain. */
  List<Call> drain() {
    List<Call> calls = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonObject msg = new JsonObject(e.getMessage()).getJsonObject("message");
      JsonObject params = msg.getJsonObject("params", new JsonObject());
      String id = params.getString("requestId");
      switch (msg.getString("method", "")) {
        case "Network.requestWillBeSent" -> {
          JsonObject req = params.getJsonObject("request");
          requests.put(id, new String[] {req.getString("method"), req.getString("url")});
        }
        case "Network.responseReceived" -> {
          JsonObject res = params.getJsonObject("response");
          String[] req = requests.getOrDefault(id, new String[] {"?", res.getString("url")});
          add(calls, new Call(req[0], res.getString("url"), res.getInteger("status"), null));
        }
        case "Network.loadingFailed" -> {
          String[] req = requests.getOrDefault(id, new String[] {"?", "?"});
          if (!params.getBoolean("canceled", false)) {
            add(calls, new Call(req[0], req[1], 0, params.getString("errorText")));
          }
        }
        default -> { }
      }
    }
    all.addAll(calls);
    return calls;
  }

  /** Every API call seen so far. */
  List<Call> all() {
    return all;
  }

  private static void add(List<Call> calls, Call c) {
    String path = c.url().replaceFirst("^https?://[^/]+", "");
    if (path.contains("/api/") || path.contains("/analytics/")) {
      calls.add(c);
    }
  }
}
