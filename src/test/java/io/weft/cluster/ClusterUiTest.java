package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Chromium;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI's Live and Cluster pages in headless Chromium against a clustered node in its own JVM
 * (a one-member cluster, launched with {@code any}, so it runs collector and query): live spans of one
 * service stream in and pause; the Cluster page lists the member and its roles and changes a count.
 */
class ClusterUiTest {
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static WeftProcess node;
  static WebDriver driver;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"), "cluster-ui-test"));
    node = new TestCluster(dir, 1).start("ui", 0, "any", "--query.admin-enabled=true",
        "--query.webroot=" + Path.of("webroot").toAbsolutePath());
    base = "http://127.0.0.1:" + node.query;
    driver = chromium.driver();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.kill();
    }
  }

  /** The Cluster page redraws every few seconds: elements found before a redraw go stale. */
  static WebDriverWait waiting(int seconds) {
    return io.weft.testing.Chromium.waiting(driver, seconds);
  }

  static void shot(String name) throws Exception {
    chromium.screenshot(name);
  }

  static void post(String service, String op) throws Exception {
    ClusterTest.post(node, ZipkinJson.json(ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, service, op)));
  }

  /**
   * The browser's subscription reaches the collector's node through Hazelcast a moment after the page
   * says "Streaming", and a span published before that goes to nobody (as it would for a user): probe
   * spans are sent until one shows, then the row count is taken once it stops changing.
   */
  static int rowsOnceTheStreamFlows() throws Exception {
    waiting(20).until(d -> {
      try {
        post("radio", "probe");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return !d.findElements(By.cssSelector(".live-row")).isEmpty();
    });
    int[] rows = {-1};
    Wait.until("the live rows to settle", 30, 1000, () -> {
      int now = driver.findElements(By.cssSelector(".live-row")).size();
      boolean settled = now == rows[0];
      rows[0] = now;
      return settled;
    });
    return rows[0];
  }

  @Test
  void livePageStreamsAServiceAndPauses() throws Exception {
    post("radio", "warm-up"); // so the service list offers it
    driver.get(base + "/live?service=radio");
    waiting(10).until(d -> d.findElement(By.cssSelector(".live-status")).getText().startsWith("Streaming"));
    waiting(10).until(d -> "radio".equals(d.findElement(By.cssSelector(".live-service")).getAttribute("value")));
    int before = rowsOnceTheStreamFlows();
    post("radio", "tune");
    post("tv", "not-this-one");
    waiting(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".live-row"), before + 1));
    assertTrue(driver.findElement(By.cssSelector(".live-row")).getText().contains("tune"));

    driver.findElement(By.xpath("//button[text()='Pause']")).click();
    post("radio", "while-paused");
    waiting(10).until(d -> d.findElement(By.cssSelector(".live-status")).getText().contains("1 span waiting"));
    assertEquals(before + 1, driver.findElements(By.cssSelector(".live-row")).size(), "nothing drawn while paused");
    driver.findElement(By.xpath("//button[text()='Resume']")).click();
    waiting(5).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".live-row"), before + 2));
    assertTrue(driver.findElements(By.cssSelector(".live-row")).get(0).getText().contains("while-paused"));
    shot("cluster-01-live");
  }

  @Test
  void clusterPageShowsRolesAndChangesACount() throws Exception {
    driver.get(base + "/cluster");
    WebElement member = waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".cluster-members tbody tr")));
    assertTrue(member.getText().contains("collector") && member.getText().contains("query"), member.getText());
    waiting(10).until(d -> {
      WebElement collector = d.findElement(By.cssSelector("input.role-count[data-role='collector']"));
      collector.clear();
      collector.sendKeys("2");
      return true;
    });
    driver.findElement(By.xpath("//button[text()='Apply counts']")).click();
    // One member can run one collector: the second is shown as unmet.
    By cells = By.cssSelector(".cluster-roles tr[data-role='collector'] td");
    waiting(10).until(d -> d.findElements(cells).get(5).getText().equals("1"));
    assertEquals("2", waiting(5).until(d -> d.findElements(cells).get(1).findElement(By.tagName("input"))
        .getAttribute("value")));
    shot("cluster-02-cluster");
  }
}
