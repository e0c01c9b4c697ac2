package io.weft.ui;

import io.weft.testing.OtelSdk;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.weft.it.TestNode;
import io.weft.testing.Chromium;
import io.weft.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The web UI in a real browser (headless Chromium through Selenium) against a real all-in-one node
 * that received its traces from the OpenTelemetry Java SDK over OTLP gRPC: search, trace timeline
 * and span details, deep links and history, dependency graph, compare, opening a JSON file, the
 * cluster placeholder, and a 10,000-span trace (time to draw printed, never asserted).
 */
class WebUiTest {
  static final int BIG_SPANS = 10_000;

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("query.webroot", Path.of("webroot").toAbsolutePath().toString()));
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static WebDriver driver;
  static String base;
  static String traceA;
  static String traceB;
  static String bigTrace;
  static String chargeSpanA;

  @BeforeAll
  static void start() throws Exception {
    base = "http://127.0.0.1:" + node.query;
    sendTraces();
    Wait.forValue("trace A", 20, () -> node.traceWith(traceA, 4));
    Wait.forValue("trace B", 20, () -> node.traceWith(traceB, 4));
    Wait.forValue("10,000-span trace", 20, () -> node.traceWith(bigTrace, BIG_SPANS));
    driver = chromium.driver();
  }

  // ------------------------------------------------------------------ traces sent by the SDK

  private static Span span(Tracer t, String name, SpanKind kind, Span parent, long startNs, long endNs) {
    var b = t.spanBuilder(name).setSpanKind(kind).setStartTimestamp(startNs, TimeUnit.NANOSECONDS);
    if (parent == null) {
      b.setNoParent();
    } else {
      b.setParent(Context.root().with(parent));
    }
    Span s = b.startSpan();
    s.end(endNs, TimeUnit.NANOSECONDS);
    return s;
  }

  private static final long MS = 1_000_000L;

  /**
   * A: frontend GET /checkout → charge card (error) → payment POST /charge, and render.
   * B: the same request, slower, without render and with an extra GET /recommendations.
   * Big: 10,000 spans over five services, ten children per span.
   */
  static void sendTraces() {
    long now = System.currentTimeMillis() * MS;
    SdkTracerProvider frontend = OtelSdk.provider(node.otlpGrpc, "frontend");
    SdkTracerProvider payment = OtelSdk.provider(node.otlpGrpc, "payment");
    Tracer fe = frontend.get("weft-ui-test");
    Tracer pay = payment.get("weft-ui-test");

    long a = now - 90_000 * MS;
    Span rootA = fe.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
        .setStartTimestamp(a, TimeUnit.NANOSECONDS).setAttribute("http.method", "GET")
        .setAttribute("http.status_code", 500L).startSpan();
    Span chargeA = fe.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(rootA))
        .setStartTimestamp(a + 2 * MS, TimeUnit.NANOSECONDS).startSpan();
    chargeA.setStatus(StatusCode.ERROR, "card declined");
    Span postA = pay.spanBuilder("POST /charge").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(chargeA))
        .setStartTimestamp(a + 5 * MS, TimeUnit.NANOSECONDS).setAttribute("http.status_code", 402L).startSpan();
    postA.addEvent("declined", Attributes.of(stringKey("reason"), "insufficient funds"), a + 20 * MS, TimeUnit.NANOSECONDS);
    postA.end(a + 45 * MS, TimeUnit.NANOSECONDS);
    chargeA.end(a + 52 * MS, TimeUnit.NANOSECONDS);
    span(fe, "render", SpanKind.INTERNAL, rootA, a + 60 * MS, a + 110 * MS);
    rootA.end(a + 120 * MS, TimeUnit.NANOSECONDS);
    traceA = rootA.getSpanContext().getTraceId();
    chargeSpanA = postA.getSpanContext().getSpanId();

    long b = now - 60_000 * MS;
    Span rootB = fe.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
        .setStartTimestamp(b, TimeUnit.NANOSECONDS).setAttribute("http.method", "GET")
        .setAttribute("http.status_code", 200L).startSpan();
    Span chargeB = span(fe, "charge card", SpanKind.CLIENT, rootB, b + 2 * MS, b + 202 * MS);
    span(pay, "POST /charge", SpanKind.SERVER, chargeB, b + 5 * MS, b + 200 * MS);
    span(fe, "GET /recommendations", SpanKind.CLIENT, rootB, b + 210 * MS, b + 290 * MS);
    rootB.end(b + 300 * MS, TimeUnit.NANOSECONDS);
    traceB = rootB.getSpanContext().getTraceId();

    String[] services = {"gateway", "orders", "inventory", "pricing", "storage"};
    Map<String, SdkTracerProvider> providers = new HashMap<>();
    for (String s : services) {
      providers.put(s, OtelSdk.provider(node.otlpGrpc, s));
    }
    // level order: span i has parent (i - 1) / 10 and fills a tenth of its parent's time
    long c = now - 30_000 * MS;
    Span[] spans = new Span[BIG_SPANS];
    long[] start = new long[BIG_SPANS];
    long[] end = new long[BIG_SPANS];
    start[0] = c;
    end[0] = c + 8_000 * MS;
    for (int i = 0; i < BIG_SPANS; i++) {
      int p = i == 0 ? -1 : (i - 1) / 10;
      if (p >= 0) {
        int k = (i - 1) % 10;
        long slot = (end[p] - start[p]) / 10;
        start[i] = start[p] + k * slot + slot / 20;
        end[i] = start[i] + slot * 8 / 10;
      }
      String svc = services[i == 0 ? 0 : (i * 7 + p) % services.length];
      Tracer t = providers.get(svc).get("weft-ui-test");
      var builder = t.spanBuilder(i == 0 ? "GET /bulk" : "op-" + (i % 37)).setStartTimestamp(start[i], TimeUnit.NANOSECONDS)
          .setSpanKind(i == 0 ? SpanKind.SERVER : SpanKind.INTERNAL).setAttribute("index", (long) i);
      if (p < 0) {
        builder.setNoParent();
      } else {
        builder.setParent(Context.root().with(spans[p]));
      }
      spans[i] = builder.startSpan();
      if (i % 97 == 0 && i > 0) {
        spans[i].setStatus(StatusCode.ERROR, "boom " + i);
      }
    }
    for (int i = BIG_SPANS - 1; i >= 0; i--) {
      spans[i].end(end[i], TimeUnit.NANOSECONDS);
    }
    bigTrace = spans[0].getSpanContext().getTraceId();

    List<SdkTracerProvider> all = new ArrayList<>(providers.values());
    all.add(frontend);
    all.add(payment);
    for (SdkTracerProvider p : all) {
      assertTrue(p.forceFlush().join(60, TimeUnit.SECONDS).isSuccess(), "exporter delivered");
      p.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static WebDriverWait waiting(int seconds) {
    return io.weft.testing.Chromium.waiting(driver, seconds);
  }

  private static WebElement visible(String css) {
    return waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private static void present(String css) {
    waiting(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void shot(String name) throws Exception {
    chromium.screenshot(name);
  }

  private static void open(String path) {
    driver.get(base + path);
  }

  /** The visible timeline row whose operation is {@code op}. */
  private static WebElement row(String op) {
    return waiting(30).until(d -> d.findElements(By.cssSelector(".tl-row")).stream()
        .filter(WebElement::isDisplayed)
        .filter(r -> r.findElement(By.cssSelector(".tl-op")).getText().equals(op))
        .findFirst().orElse(null));
  }

  // ------------------------------------------------------------------ tests

  @Test
  void searchFormFindsTraceThatOpensWithTimelineAndSpanDetails() throws Exception {
    open("/search");
    present("#f-service option[value='frontend']");
    new Select(driver.findElement(By.id("f-service"))).selectByValue("frontend");
    present("#f-operation option[value='charge card']");
    new Select(driver.findElement(By.id("f-operation"))).selectByValue("charge card");
    driver.findElement(By.id("f-tags")).sendKeys("error=true");
    driver.findElement(By.cssSelector(".find-btn")).click();

    visible(".result[data-id='" + traceA + "']");
    assertTrue(driver.findElements(By.cssSelector(".result[data-id='" + traceB + "']")).isEmpty(),
        "trace B has no error and must not match error=true");
    String url = driver.getCurrentUrl();
    assertTrue(url.contains("service=frontend") && url.contains("operation=charge+card") && url.contains("tags="), url);
    WebElement result = driver.findElement(By.cssSelector(".result[data-id='" + traceA + "']"));
    assertTrue(result.getText().contains("GET /checkout"), result.getText());
    assertTrue(result.getText().contains("4 Spans"), result.getText());
    assertFalse(driver.findElements(By.cssSelector(".scatter circle")).isEmpty(), "scatter plot drawn");
    shot("01-search-results");

    result.findElement(By.cssSelector(".result-title")).click();
    waiting(30).until(ExpectedConditions.urlContains("/trace/" + traceA));
    visible(".tl-row");
    long rows = driver.findElements(By.cssSelector(".tl-row")).stream().filter(WebElement::isDisplayed).count();
    assertEquals(4, rows, "one timeline row per span");
    String header = driver.findElement(By.cssSelector(".trace-header")).getText();
    assertTrue(header.contains("frontend") && header.contains("GET /checkout"), header);
    assertTrue(header.contains("120ms"), header);

    row("POST /charge").click();
    WebElement detail = visible(".span-detail");
    waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".sd-op"), "POST /charge"));
    String text = detail.getText();
    assertTrue(text.contains("payment"), text);
    assertTrue(text.contains("http.status_code") && text.contains("402"), text);
    assertTrue(text.contains(chargeSpanA), text);
    assertTrue(text.contains("declined") && text.contains("+20ms"), "log with time relative to trace start: " + text);
    waiting(10).until(ExpectedConditions.urlContains("span=" + chargeSpanA));
    shot("02-trace-span-details");

    js("document.querySelector(\"#app .tab[data-view='stats']\").click()");
    String stats = visible(".stats-table").getText();
    assertTrue(stats.contains("POST /charge") && stats.contains("charge card"), stats);
    shot("03-trace-statistics");
  }

  @Test
  void searchOverAllServicesByTagOperationOrTimeAlone() throws Exception {
    open("/search");
    present("#f-service option[value='payment']");
    Select service = new Select(driver.findElement(By.id("f-service")));
    service.selectByValue("");
    assertEquals("All services", service.getFirstSelectedOption().getText());
    driver.findElement(By.id("f-tags")).sendKeys("http.status_code=402");
    driver.findElement(By.cssSelector(".find-btn")).click();

    // The tag is on payment's span; trace A's root is frontend's.
    visible(".result[data-id='" + traceA + "']");
    String url = driver.getCurrentUrl();
    assertFalse(url.contains("service="), url);
    assertTrue(url.contains("tags=") && url.contains("lookback="), url);
    assertEquals(1, driver.findElements(By.cssSelector(".result")).size(), "only A has a 402");
    shot("11-search-all-services-by-tag");

    // An operation alone, from a link: both checkouts, not the bulk trace.
    open("/search?operation=" + java.net.URLEncoder.encode("POST /charge", java.nio.charset.StandardCharsets.UTF_8)
        + "&lookback=1h&limit=20");
    visible(".result[data-id='" + traceA + "']");
    visible(".result[data-id='" + traceB + "']");
    assertEquals(2, driver.findElements(By.cssSelector(".result")).size());
    waiting(10).until(d -> "POST /charge".equals(new Select(d.findElement(By.id("f-operation"))).getFirstSelectedOption()
        .getDomAttribute("value")));
    assertEquals("", new Select(driver.findElement(By.id("f-service"))).getFirstSelectedOption().getDomAttribute("value"));

    // Nothing but the time range: every trace, newest first (the bulk trace started last).
    open("/search?lookback=1h&limit=20");
    visible(".result[data-id='" + bigTrace + "']");
    visible(".result[data-id='" + traceA + "']");
    visible(".result[data-id='" + traceB + "']");
    assertEquals(bigTrace, driver.findElements(By.cssSelector(".result")).get(0).getDomAttribute("data-id"));

    // Wider than query.max-search-window: the server's 400 is shown as it is.
    long nowUs = System.currentTimeMillis() * 1000;
    open("/search?lookback=custom&start=" + (nowUs - 10L * 86_400_000_000L) + "&end=" + nowUs);
    String error = visible(".state-error").getText();
    assertTrue(error.contains("query.max-search-window") && error.contains("choose a service"), error);
    assertTrue(error.contains("HTTP 400"), error);
    shot("12-search-all-services-too-wide");
  }

  @Test
  void deepLinkOpensTheSameSpanAndHistoryWorks() throws Exception {
    open("/trace/" + traceA + "?span=" + chargeSpanA);
    waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".sd-op"), "POST /charge"));
    assertEquals("POST /charge", driver.findElement(By.cssSelector(".tl-row.selected .tl-op")).getText());
    assertTrue(driver.findElement(By.cssSelector(".sd-ids")).getText().contains(chargeSpanA));
    shot("04-deep-link-span");

    driver.findElement(By.cssSelector(".th-actions a[href^='/compare/']")).click();
    waiting(10).until(ExpectedConditions.urlContains("/compare/" + traceA));
    driver.navigate().back();
    waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".sd-op"), "POST /charge"));
    assertTrue(driver.getCurrentUrl().contains("span=" + chargeSpanA), driver.getCurrentUrl());
    driver.navigate().forward();
    waiting(10).until(ExpectedConditions.urlContains("/compare/" + traceA));
    visible(".compare-form");
  }

  @Test
  void dependencyGraphShowsTheCallEdge() throws Exception {
    open("/dependencies");
    present("path.dg-edge[data-parent='frontend'][data-child='payment']");
    WebElement edge = driver.findElement(By.cssSelector("path.dg-edge[data-parent='frontend'][data-child='payment']"));
    assertTrue(Integer.parseInt(edge.getDomAttribute("data-calls")) >= 2, "A and B each call payment once");
    assertTrue(driver.findElement(By.cssSelector(".dg-node[data-service='frontend']")).isDisplayed());
    shot("05-dependencies");
    driver.findElement(By.cssSelector(".dg-node[data-service='payment']")).click();
    waiting(10).until(ExpectedConditions.urlContains("/search?service=payment"));
    visible(".result");
  }

  @Test
  void compareShowsTheDifference() throws Exception {
    open("/compare/" + traceA + "..." + traceB);
    WebElement onlyB = visible(".cmp-row.st-b");
    assertTrue(onlyB.getText().contains("GET /recommendations") && onlyB.getText().contains("B only"), onlyB.getText());
    WebElement onlyA = driver.findElement(By.cssSelector(".cmp-row.st-a"));
    assertTrue(onlyA.getText().contains("render") && onlyA.getText().contains("A only"), onlyA.getText());
    WebElement charge = driver.findElements(By.cssSelector(".cmp-row.st-both")).stream()
        .filter(r -> r.getText().contains("POST /charge")).findFirst().orElseThrow();
    WebElement delta = charge.findElement(By.cssSelector(".c-delta"));
    assertTrue(delta.getText().startsWith("+155ms"), "40ms in A, 195ms in B: " + delta.getText());
    assertTrue(delta.getDomAttribute("class").contains("slower"), delta.getDomAttribute("class"));
    assertTrue(driver.findElement(By.cssSelector(".cmp-delta")).getText().contains("+180ms"));
    shot("06-compare");
  }

  @Test
  void jsonFileOpensWithoutTheServer() throws Exception {
    String json = node.query("/api/traces/" + traceA).encode();
    String fakeId = "feedface" + traceA.substring(8);
    Path file = Files.createTempFile("weft-trace", ".json");
    Files.writeString(file, json.replace(traceA, fakeId));
    open("/search");
    driver.findElement(By.id("file-input")).sendKeys(file.toString());
    waiting(10).until(ExpectedConditions.urlContains("/trace/" + fakeId));
    visible(".tl-row");
    assertEquals("From file", driver.findElement(By.cssSelector(".th-row .badge-accent")).getText());
    assertEquals(4, driver.findElements(By.cssSelector(".tl-row")).stream().filter(WebElement::isDisplayed).count());
    assertEquals(404, node.get(node.query, "/api/traces/" + fakeId).statusCode(), "the server does not know it");
    shot("07-opened-from-file");
  }

  /** The trace page's Archive action: the node's archive holds the trace, and the button says so. */
  @Test
  void archiveKeepsACopyOfTheTrace() throws Exception {
    open("/trace/" + traceB);
    WebElement archive = visible(".th-actions button[data-action='archive']");
    assertEquals("Archive", archive.getText());
    archive.click();
    waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector(".th-actions button[data-action='archive']"), "Archived"));
    assertFalse(archive.isEnabled(), "archived once");
    waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Trace archived"));
    shot("08-archived");
    assertEquals(1, (int) node.metric("weft_archived_traces"), "the node's archive holds trace B");
  }

  @Test
  void clusterPageSaysNotAvailable() throws Exception {
    open("/cluster");
    WebElement state = visible(".state-unavailable");
    assertTrue(state.getText().contains("Not available on this node"), state.getText());
    shot("08-cluster-unavailable");
  }

  @Test
  void tenThousandSpanTraceOpensAndScrolls() throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      driver.get("about:blank");
      open("/trace/" + bigTrace);
      waiting(120).until(d -> (Boolean) js("return performance.getEntriesByName('weft-timeline-draw').length > 0"));
      times.add(((Number) js("return performance.getEntriesByName('weft-timeline-draw')[0].duration")).doubleValue());
    }
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    System.out.printf("WebUiTest: time to draw the %,d-span trace, navigation start to 'weft-timeline-drawn' "
        + "(median of 5): %.0f ms; runs %s%n", BIG_SPANS, sorted.get(2), times);

    String header = visible(".trace-header").getText();
    assertTrue(header.contains("10,000"), header);
    long inDom = driver.findElements(By.cssSelector(".tl-row")).size();
    assertTrue(inDom > 10 && inDom < 200, "rows are virtualised: " + inDom + " in the DOM");
    shot("09-big-trace");

    js("const s = document.querySelector('.tl-scroll'); s.scrollTop = s.scrollHeight;");
    WebElement last = visible(".tl-row[data-index='" + (BIG_SPANS - 1) + "']");
    assertFalse(last.findElement(By.cssSelector(".tl-op")).getText().isEmpty());
    js("const s = document.querySelector('.tl-scroll'); s.scrollTop = s.scrollHeight / 2;");
    visible(".tl-row[data-index='" + (BIG_SPANS / 2) + "']");
    assertTrue(driver.findElements(By.cssSelector(".tl-row")).size() < 200, "still virtualised after scrolling");
    shot("10-big-trace-scrolled");
  }
}
