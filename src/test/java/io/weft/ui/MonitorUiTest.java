package io.weft.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.TestNode;
import io.weft.testing.Chromium;
import io.weft.testing.KnownTraffic;
import io.weft.testing.Wait;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Weft's Monitor page and the dependency graph's edge metrics in headless Chromium, on a node fed the
 * known traffic by the OpenTelemetry SDK: services at a glance, a service's RED charts and its
 * operations by impact, a click on a point leading to that window's failing traces, and the edge
 * checkout → payment drawn with its request rate and errors.
 */
class MonitorUiTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("query.webroot", Path.of("webroot").toAbsolutePath().toString(),
      "span-metrics.step", "1s"));
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static final KnownTraffic traffic = new KnownTraffic();
  static WebDriver driver;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    traffic.send("http://127.0.0.1:" + node.otlpGrpc);
    Wait.until("span metrics flushed", 30, () -> {
      try {
        traffic.assertServed(node.query);
        return true;
      } catch (AssertionError e) {
        return false;
      }
    });
    driver = chromium.driver();
    base = "http://127.0.0.1:" + node.query;
  }

  static WebDriverWait waiting() {
    return io.weft.testing.Chromium.waiting(driver, 20);
  }

  static WebElement visible(String css) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  @Test
  void servicesAtAGlanceThenAServiceThenTheTracesBehindAPoint() throws Exception {
    driver.get(base + "/monitor?range=15m");
    WebElement row = visible(".mon-row[data-service='" + traffic.checkout() + "']");
    List<WebElement> cells = row.findElements(By.tagName("td"));
    assertEquals("0.40", cells.get(1).getText(), "360 calls in 15 minutes");
    assertEquals("10.0%", cells.get(2).getText());
    assertFalse(row.findElements(By.cssSelector("svg.mc-spark path")).get(0).getDomAttribute("d").isEmpty(),
        "a p95 sparkline");
    chromium.screenshot("monitor-services");

    row.findElement(By.tagName("a")).click();
    waiting().until(d -> d.findElements(By.cssSelector(".mc-chart")).size() == 3);
    for (WebElement chart : driver.findElements(By.cssSelector(".mc-chart"))) {
      String d = chart.findElement(By.cssSelector("path.mc-line")).getDomAttribute("d");
      assertTrue(d != null && d.contains("L"), chart.getDomAttribute("data-chart") + " has a line: " + d);
    }
    assertEquals(List.of("p50", "p75", "p95", "p99"), driver.findElement(By.cssSelector(".mc-chart[data-chart='Latency']"))
        .findElements(By.cssSelector(".mc-key")).stream().map(WebElement::getText).toList());
    List<WebElement> ops = driver.findElements(By.cssSelector(".mon-op"));
    assertEquals("GET /cart", ops.get(0).getDomAttribute("data-op"), "ranked by impact");
    assertEquals("POST /pay", ops.get(1).getDomAttribute("data-op"));
    chromium.screenshot("monitor-service");

    // A click on the busiest point of the request-rate chart, then "Errors only".
    ((JavascriptExecutor) driver).executeScript("""
        const svg = document.querySelector(".mc-chart[data-chart^='Request rate'] svg.mc-svg");
        const pts = [...svg.querySelector('path.mc-line').getAttribute('d').matchAll(/[ML]([0-9.]+),([0-9.]+)/g)]
          .map(m => [Number(m[1]), Number(m[2])]);
        const top = pts.reduce((a, b) => (b[1] < a[1] ? b : a));
        const r = svg.getBoundingClientRect();
        svg.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + top[0] / 640 * r.width,
          clientY: r.top + top[1] / 200 * r.height}));
        """);
    WebElement pop = visible(".mon-pop");
    chromium.screenshot("monitor-point");
    pop.findElements(By.tagName("a")).stream().filter(a -> a.getText().equals("Errors only")).findFirst().orElseThrow()
        .click();
    waiting().until(d -> d.getCurrentUrl().contains("/search?"));
    String url = driver.getCurrentUrl();
    assertTrue(url.contains("service=" + traffic.checkout()) && url.contains("lookback=custom") && url.contains("tags="),
        url);
    waiting().until(d -> !d.findElements(By.cssSelector(".result")).isEmpty());
    chromium.screenshot("monitor-errors-search");
  }

  @Test
  void theDependencyGraphShowsEachEdgesRateAndErrors() throws Exception {
    driver.get(base + "/dependencies?lookback=1h");
    WebElement edge = waiting().until(d -> d.findElements(By.cssSelector("path.dg-edge[data-parent='"
        + traffic.checkout() + "'][data-child='" + traffic.payment() + "']")).stream().findFirst().orElse(null));
    assertTrue(Double.parseDouble(edge.getDomAttribute("data-rate")) > 0);
    assertEquals(3.0 / 60, Double.parseDouble(edge.getDomAttribute("data-error-ratio")), 1e-9);
    assertTrue(edge.getDomAttribute("class").contains("dg-err"), "an edge with errors is drawn red");
    String table = driver.findElement(By.cssSelector(".deps-details")).getText();
    assertTrue(table.contains("0.017") && table.contains("5.0%"), "60 requests in the hour, 3 failed: " + table);
    chromium.screenshot("dependencies-edge-metrics");
  }
}
