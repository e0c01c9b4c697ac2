package io.weft.query.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.TestNode;
import io.weft.it.ZipkinServer;
import io.weft.testing.Chromium;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Zipkin Lens (the real one, from Zipkin's exec jar) served by Weft on the query port under tenancy, in
 * headless Chromium: the page loads without a tenant, and its API calls carry the tenant remembered by
 * Weft's UI (here chosen with {@code ?tenant=}), so each tenant's Lens lists its own services and none of
 * the other's, every call answered 200.
 */
class ZipkinLensTenantTest {
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(Map.of("query.zipkin.lens", ZipkinServer.lensFolder().toString(), "tenancy.enabled", "true",
        "tenancy.tenants", "team-a,team-b"));
    HttpClient http = HttpClient.newHttpClient();
    for (String t : List.of("team-a", "team-b")) {
      String trace = ZipkinJson.newTraceId();
      String body = ZipkinJson.json(ZipkinJson.span(trace, ZipkinJson.spanId(), null, "lens-" + t, "get /home"));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.zipkin
          + "/api/v2/spans")).header("content-type", "application/json").header("x-tenant", t)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(202, r.statusCode(), r.body());
      Wait.until("lens-" + t + " stored", 20, () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + node.query + "/zipkin/api/v2/services")).header("x-tenant", t).build(), HttpResponse.BodyHandlers.ofString())
          .body().contains("lens-" + t));
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void eachTenantsLensListsItsOwnServices() throws Exception {
    WebDriver driver = chromium.driver();
    for (String t : List.of("team-a", "team-b")) {
      String other = t.equals("team-a") ? "lens-team-b" : "lens-team-a";
      driver.get("http://127.0.0.1:" + node.query + "/zipkin/?tenant=" + t);
      Chromium.waiting(driver, 30).until(d -> d.findElement(By.cssSelector("[data-testid='add-button']"))).click();
      WebElement input = Chromium.waiting(driver, 10)
          .until(d -> d.findElement(By.cssSelector("[data-testid='criterion-input']")));
      input.sendKeys("serviceName=");
      List<String> services = Chromium.waiting(driver, 30).until(d -> {
        List<String> items = d.findElements(By.cssSelector("li")).stream().map(WebElement::getText).toList();
        return items.contains("lens-" + t) ? items : null;
      });
      chromium.screenshot("lens-tenant-" + t);
      assertFalse(services.contains(other), t + "'s Lens lists nothing of the other tenant: " + services);
      @SuppressWarnings("unchecked")
      List<List<Object>> calls = (List<List<Object>>) ((JavascriptExecutor) driver).executeScript(
          "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v2/'))"
              + ".map(e => [e.name, e.responseStatus])");
      assertTrue(calls.stream().anyMatch(c -> c.get(0).toString().contains("/zipkin/api/v2/services")), calls.toString());
      assertEquals(List.of(), calls.stream().filter(c -> ((Number) c.get(1)).intValue() != 200).toList(),
          "every API call Lens made was answered 200");
    }
    // Without a tenant the page still loads (it holds no data); its API does not.
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query
        + "/zipkin/")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("weft.tenant") && page.body().contains("x-tenant"), "the tenant's script is in it");
    assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query
        + "/zipkin/api/v2/services")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }
}
