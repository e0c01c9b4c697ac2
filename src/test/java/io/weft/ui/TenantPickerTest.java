package io.weft.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.it.TestNode;
import io.weft.testing.Chromium;
import io.weft.testing.Http;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Weft's UI in headless Chromium against a node with tenancy on and two tenants: the page loads
 * without a tenant, asks for one, shows only that tenant's services, remembers the choice across a
 * reload, and switches from the top bar. The Jaeger UI served by the node names the remembered
 * tenant on its API calls.
 */
class TenantPickerTest {
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
  static final String CART_A = "cart-a-" + SUFFIX;
  static final String CART_B = "cart-b-" + SUFFIX;
  static final Path JAEGER_DIST = JaegerUiDist.locate(Path.of(""));

  @RegisterExtension
  static final TestNode node = TestNode.forClass(jaeger(Map.of("query.webroot", Path.of("webroot").toAbsolutePath().toString(),
      "tenancy.enabled", "true", "tenancy.tenants", "team-a,team-b")));
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static WebDriver driver;

  static Map<String, String> jaeger(Map<String, String> o) {
    if (JAEGER_DIST == null) {
      return o;
    }
    Map<String, String> out = new java.util.HashMap<>(o);
    out.put("query.ui.jaeger-dist", JAEGER_DIST.toString());
    return out;
  }

  static void send(String tenant, String service, long n) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + node.otlpHttp + "/v1/traces")).header("content-type", "application/json")
        .header("x-tenant", tenant).POST(HttpRequest.BodyPublishers.ofByteArray(
            OtlpJson.trace(service, OtlpJson.traceId(System.nanoTime(), n), n, 1))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  @BeforeAll
  static void start() throws Exception {
    send("team-a", CART_A, 1);
    send("team-b", CART_B, 2);
    Wait.forValue("both tenants' services stored", 30, () -> {
      HttpResponse<String> a = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + node.query + "/api/services")).header("x-tenant", "team-a").build(),
          HttpResponse.BodyHandlers.ofString());
      return a.body().contains(CART_A) ? a : null;
    });
    assertEquals(401, Http.get(node.query, "/api/services").statusCode(), "no tenant, no data");
    driver = chromium.driver();
  }

  static WebElement visible(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** The search form's services once loaded (read in one script: the page may be reloading under us). */
  @SuppressWarnings("unchecked")
  static List<String> services() {
    return new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
      List<String> values = (List<String>) ((JavascriptExecutor) d).executeScript(
          "return [...document.querySelectorAll('#f-service option')].map(o => o.value)");
      return values.stream().anyMatch(v -> v.startsWith("cart-")) ? values : null;
    });
  }

  @Test
  void theUiAsksForATenantRemembersItAndSwitches() throws Exception {
    driver.get("http://127.0.0.1:" + node.query + "/search");
    ((JavascriptExecutor) driver).executeScript("localStorage.clear()"); // a fresh browser (the other test ran here)
    driver.navigate().refresh();
    WebElement pick = visible("#tenant-dialog #tenant-select");
    Select select = new Select(pick);
    assertEquals(List.of("team-a", "team-b"), select.getOptions().stream().map(WebElement::getText).toList());
    chromium.screenshot("tenant-picker");
    select.selectByValue("team-b");
    driver.findElement(By.id("tenant-submit")).click();
    List<String> shown = services();
    assertTrue(shown.contains(CART_B) && !shown.contains(CART_A), shown.toString());
    assertEquals("Tenant: team-b", visible("#tenant-switch").getText());
    assertEquals("team-b", ((JavascriptExecutor) driver).executeScript("return localStorage.getItem('weft.tenant')"));

    driver.navigate().refresh(); // remembered: no dialog
    shown = services();
    assertTrue(shown.contains(CART_B) && !shown.contains(CART_A), shown.toString());
    assertTrue(driver.findElements(By.id("tenant-dialog")).isEmpty());

    visible("#tenant-switch").click();
    new Select(visible("#tenant-dialog #tenant-select")).selectByValue("team-a");
    WebElement oldPage = driver.findElement(By.tagName("body"));
    driver.findElement(By.id("tenant-submit")).click();
    // the switch reloads the page: read the services of the new page, not the old one's
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(oldPage));
    shown = services(); // the page reloaded as team-a
    assertTrue(shown.contains(CART_A) && !shown.contains(CART_B), shown.toString());
    assertEquals("Tenant: team-a", visible("#tenant-switch").getText());

    // the live view's bus connection names team-a (?tenant=) and watches team-a's live spans only
    driver.get("http://127.0.0.1:" + node.query + "/live");
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".live-page"))
        .getText().contains("Streaming"));
    Wait.forValue("a live span of team-a", 30, 1000, () -> {
      send("team-b", "live-b-" + SUFFIX, System.nanoTime() & 0xffff);
      send("team-a", "live-a-" + SUFFIX, System.nanoTime() & 0xffff);
      return driver.findElement(By.cssSelector(".live-card")).getText().contains("live-a-" + SUFFIX) ? true : null;
    });
    assertFalse(driver.findElement(By.cssSelector(".live-card")).getText().contains("live-b-" + SUFFIX));
  }

  @Test
  void theJaegerUiNamesTheRememberedTenant() {
    assumeTrue(JAEGER_DIST != null, "no Jaeger UI build");
    driver.get("http://127.0.0.1:" + node.query + "/jaeger/search?tenant=team-b");
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "team-b".equals(
        ((JavascriptExecutor) d).executeScript("return localStorage.getItem('weft.tenant')")));
    Object services = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/api/services').then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('failed ' + e));");
    assertTrue(services.toString().startsWith("200 ") && services.toString().contains(CART_B)
        && !services.toString().contains(CART_A), services.toString());
  }
}
