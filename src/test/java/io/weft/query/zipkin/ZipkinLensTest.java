package io.weft.query.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.weft.it.TestNode;
import io.weft.it.ZipkinServer;
import io.weft.testing.Wait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Zipkin Lens (the copy inside Zipkin's exec jar from Maven Central, unpacked by the test and
 * served by Weft from {@code query.zipkin.lens}) in headless Chromium against a real node fed with
 * Zipkin JSON and with OTLP from the OpenTelemetry SDK: it lists the services, searches, and opens
 * a trace, on the query port and on the Zipkin port, with every API call it makes answered.
 */
class ZipkinLensTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "screenshots");

  static TestNode node;
  static WebDriver driver;
  static ZipkinData data;
  static String otlpTrace;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the Lens test needs /usr/bin/chromium and /usr/bin/chromedriver");
    node = TestNode.start(Map.of("query.zipkin.lens", ZipkinServer.lensFolder().toString()));
    data = new ZipkinData();
    assertEquals(202, node.post(node.zipkin, "/api/v2/spans", "application/json",
        data.zipkinJson().getBytes(StandardCharsets.UTF_8)).statusCode());
    String otlp = otlpTrace = OtelShopTraffic.emit(OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpGrpc)
        .setTimeout(Duration.ofSeconds(30)).build(), data.base + 3_000);
    Wait.forValue("Zipkin trace", 20, () -> node.traceWith(ZipkinData.T1, 4));
    Wait.forValue("OTLP trace", 20, () -> node.traceWith(otlp, 4));
    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory("weft-lens-chromium"));
    driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void listsServicesSearchesAndOpensATraceOnTheQueryPort() throws Exception {
    findAndOpen("http://127.0.0.1:" + node.query, "query-port");
  }

  @Test
  void theSameOnTheZipkinPortWhereSlashLeadsToLens() throws Exception {
    driver.get("http://127.0.0.1:" + node.zipkin + "/");
    waiting(30).until(d -> d.getCurrentUrl().endsWith("/zipkin/"));
    findAndOpen("http://127.0.0.1:" + node.zipkin, "zipkin-port");
  }

  private void findAndOpen(String origin, String shot) throws Exception {
    driver.get(origin + "/zipkin/");
    // The services, from /zipkin/api/v2/services, as suggestions for serviceName.
    waiting(30).until(d -> d.findElement(By.cssSelector("[data-testid='add-button']"))).click();
    WebElement input = waiting(10).until(d -> d.findElement(By.cssSelector("[data-testid='criterion-input']")));
    input.sendKeys("serviceName=");
    List<String> services = waiting(30).until(d -> {
      List<String> items = d.findElements(By.cssSelector("li")).stream().map(WebElement::getText).toList();
      return items.contains("checkout-api") ? items : null;
    });
    assertTrue(services.containsAll(List.of("checkout-api", "inventory", "payment", "payment-svc", "shop-frontend")),
        services.toString());
    shot(shot + "-services");
    input.sendKeys("checkout-api", Keys.ENTER);

    // Search: the criterion's traces, the OTLP trace not among them.
    driver.findElements(By.cssSelector("button")).stream().filter(b -> b.getText().equalsIgnoreCase("Run Query"))
        .findFirst().orElseThrow().click();
    waiting(30).until(d -> d.getPageSource().contains("checkout-api: get /checkout"));
    shot(shot + "-search");
    String results = driver.findElement(By.tagName("body")).getText();
    assertTrue(!results.contains("shop-frontend: get /cart"), "only checkout-api's traces: " + results);

    // Open the trace: four spans over two services, of which Lens merges the shared span's two halves.
    driver.findElements(By.cssSelector("a")).stream().filter(a -> a.getText().equalsIgnoreCase("Show"))
        .findFirst().orElseThrow().click();
    waiting(30).until(d -> d.getCurrentUrl().contains("/zipkin/traces/" + ZipkinData.T1)
        && d.findElement(By.tagName("body")).getText().contains("Total Spans"));
    String page = driver.findElement(By.tagName("body")).getText();
    shot(shot + "-trace");
    List<List<Object>> calls = apiCalls();
    assertTrue(calls.stream().anyMatch(c -> c.get(0).toString().contains("/zipkin/api/v2/services"))
        && calls.stream().anyMatch(c -> c.get(0).toString().contains("/zipkin/api/v2/traces?")), calls.toString());
    assertEquals(List.of(), calls.stream().filter(c -> ((Number) c.get(1)).intValue() != 200).toList(),
        "every API call Lens made was answered 200");
    assertTrue(page.contains("checkout-api: get /checkout"), page);
    assertTrue(page.contains("Total Spans\n3") && page.contains("Services\n2"), page);
    assertTrue(page.contains("payment: charge") && page.contains("checkout-api: render"), page);

    // An OTLP trace opens by id (Lens then asks /api/v2/trace/{id}; from the search it reuses what it has).
    driver.get(origin + "/zipkin/traces/" + otlpTrace);
    waiting(30).until(d -> d.findElement(By.tagName("body")).getText().contains("shop-frontend: get /cart"));
    assertTrue(driver.findElement(By.tagName("body")).getText().contains("payment-svc: post /charge"));
    calls = apiCalls();
    assertTrue(calls.stream().anyMatch(c -> c.get(0).toString().endsWith("/zipkin/api/v2/trace/" + otlpTrace)), calls.toString());
    assertEquals(List.of(), calls.stream().filter(c -> ((Number) c.get(1)).intValue() != 200).toList());
  }

  /** The API calls of the page shown, with their HTTP status (Chromium's resource timing records both). */
  @SuppressWarnings("unchecked")
  private static List<List<Object>> apiCalls() {
    return (List<List<Object>>) js("return performance.getEntriesByType('resource')"
        + ".filter(e => e.name.includes('/api/v2/')).map(e => [e.name, e.responseStatus])");
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static WebDriverWait waiting(int seconds) {
    return io.weft.testing.Chromium.waiting(driver, seconds);
  }

  private static void shot(String name) throws Exception {
    Files.write(SHOTS.resolve("lens-" + name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
