package io.weft.ui;

import io.weft.testing.OtelSdk;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The real Jaeger UI (a build of jaegertracing/jaeger-ui, see {@link JaegerUiDist}) served by Weft itself
 * (query.ui.jaeger-dist, at /jaeger), in headless Chromium, against a node fed by the OpenTelemetry Java SDK:
 * the service list and span names, search with and without a service, the trace timeline and its other
 * views (graph, statistics, spans table, flame graph), System Architecture, compare, archive, and the
 * Monitor tab over Weft's span metrics (Jaeger's /api/metrics/*). After
 * every test, no call the browser made to the query API may have failed (from Chromium's network log).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JaegerUiTest {
  static final long MS = 1_000_000L;

  @RegisterExtension
  static final Chromium chromium = new Chromium().withNetworkLog();
  static TestNode node;
  static WebDriver driver;
  static BrowserNetwork network;
  static String base;
  static String traceA;
  static String traceB;
  static String traceC;

  @BeforeAll
  static void start() throws Exception {
    Path dist = JaegerUiDist.locate(Path.of(""));
    assumeTrue(dist != null, "no Jaeger UI build (see the message above), or -D" + JaegerUiDist.PROPERTY + "=skip");
    node = TestNode.start(Map.of("query.ui.jaeger-dist", dist.toString(), "span-metrics.step", "1s"));
    base = "http://127.0.0.1:" + node.query + "/jaeger";
    sendTraces();
    Wait.forValue("trace A", 20, () -> node.traceWith(traceA, 4));
    Wait.forValue("trace B", 20, () -> node.traceWith(traceB, 5));
    Wait.forValue("trace C", 20, () -> node.traceWith(traceC, 3));
    driver = chromium.driver();
    network = new BrowserNetwork(driver);
  }

  @AfterAll
  static void stop() {
    if (network != null) {
      List<String> paths = network.all().stream().map(c -> c.url().replaceFirst("^https?://[^/]+", "")
          .replaceFirst("\\?.*", "").replaceAll("/[0-9a-f]{32}(\\.\\.\\.[0-9a-f]{32})?", "/{id}")).distinct().sorted().toList();
      System.out.printf("JaegerUiTest: %d calls to the query API, %d failed; paths: %s%n", network.all().size(),
          network.all().stream().filter(BrowserNetwork.Call::failed).count(), paths);
    }
    if (node != null) {
      node.close();
    }
  }

  /** The point of the whole test: whatever the UI asked the API, it got an answer. */
  @AfterEach
  void noFailedApiCall(TestInfo test) throws Exception {
    shot(test.getTestMethod().orElseThrow().getName());
    List<BrowserNetwork.Call> calls = network.drain();
    List<BrowserNetwork.Call> failed = calls.stream().filter(BrowserNetwork.Call::failed).toList();
    assertEquals(List.of(), failed, "API calls that failed (of " + calls.size() + ")");
  }

  // ------------------------------------------------------------------ traces sent by the SDK

  private static Span child(Tracer t, String name, SpanKind kind, Span parent, long startNs) {
    return t.spanBuilder(name).setSpanKind(kind).setParent(Context.root().with(parent))
        .setStartTimestamp(startNs, TimeUnit.NANOSECONDS).startSpan();
  }

  /**
   * A: frontend GET /checkout → charge card (error) → payment POST /charge, and render.
   * B: the same, slower, with GET /recommendations on a third service.
   * C: inventory reserve stock → payment POST /hold, tagged order.id=ord-42 (found without a service).
   */
  static void sendTraces() {
    long now = System.currentTimeMillis() * MS;
    SdkTracerProvider frontend = OtelSdk.provider(node.otlpGrpc, "frontend");
    SdkTracerProvider payment = OtelSdk.provider(node.otlpGrpc, "payment");
    SdkTracerProvider recommendations = OtelSdk.provider(node.otlpGrpc, "recommendations");
    SdkTracerProvider inventory = OtelSdk.provider(node.otlpGrpc, "inventory");
    Tracer fe = frontend.get("jaeger-ui-test");
    Tracer pay = payment.get("jaeger-ui-test");
    Tracer rec = recommendations.get("jaeger-ui-test");
    Tracer inv = inventory.get("jaeger-ui-test");

    long a = now - 120_000 * MS;
    Span rootA = fe.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
        .setStartTimestamp(a, TimeUnit.NANOSECONDS).setAttribute("http.request.method", "GET")
        .setAttribute("http.response.status_code", 500L).startSpan();
    Span chargeA = child(fe, "charge card", SpanKind.CLIENT, rootA, a + 2 * MS);
    chargeA.setStatus(StatusCode.ERROR, "card declined");
    Span postA = child(pay, "POST /charge", SpanKind.SERVER, chargeA, a + 5 * MS);
    postA.setAttribute("http.response.status_code", 402L);
    postA.addEvent("declined", Attributes.of(stringKey("reason"), "insufficient funds"), a + 20 * MS, TimeUnit.NANOSECONDS);
    postA.end(a + 45 * MS, TimeUnit.NANOSECONDS);
    chargeA.end(a + 52 * MS, TimeUnit.NANOSECONDS);
    child(fe, "render", SpanKind.INTERNAL, rootA, a + 55 * MS).end(a + 70 * MS, TimeUnit.NANOSECONDS);
    rootA.end(a + 75 * MS, TimeUnit.NANOSECONDS);
    traceA = rootA.getSpanContext().getTraceId();

    long b = now - 60_000 * MS;
    Span rootB = fe.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
        .setStartTimestamp(b, TimeUnit.NANOSECONDS).setAttribute("http.request.method", "GET").startSpan();
    Span chargeB = child(fe, "charge card", SpanKind.CLIENT, rootB, b + 2 * MS);
    child(pay, "POST /charge", SpanKind.SERVER, chargeB, b + 6 * MS).end(b + 90 * MS, TimeUnit.NANOSECONDS);
    chargeB.end(b + 95 * MS, TimeUnit.NANOSECONDS);
    Span recB = child(fe, "GET /recommendations", SpanKind.CLIENT, rootB, b + 100 * MS);
    child(rec, "GET /recommendations", SpanKind.SERVER, recB, b + 102 * MS).end(b + 130 * MS, TimeUnit.NANOSECONDS);
    recB.end(b + 132 * MS, TimeUnit.NANOSECONDS);
    rootB.end(b + 140 * MS, TimeUnit.NANOSECONDS);
    traceB = rootB.getSpanContext().getTraceId();

    long c = now - 30_000 * MS;
    Span rootC = inv.spanBuilder("reserve stock").setSpanKind(SpanKind.SERVER).setNoParent()
        .setStartTimestamp(c, TimeUnit.NANOSECONDS).setAttribute("order.id", "ord-42").startSpan();
    Span holdC = child(inv, "POST /hold", SpanKind.CLIENT, rootC, c + 1 * MS);
    child(pay, "POST /hold", SpanKind.SERVER, holdC, c + 2 * MS).end(c + 8 * MS, TimeUnit.NANOSECONDS);
    holdC.end(c + 9 * MS, TimeUnit.NANOSECONDS);
    rootC.end(c + 10 * MS, TimeUnit.NANOSECONDS);
    traceC = rootC.getSpanContext().getTraceId();

    for (SdkTracerProvider p : List.of(frontend, payment, recommendations, inventory)) {
      p.forceFlush().join(30, TimeUnit.SECONDS);
      p.shutdown().join(30, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------ browser helpers

  private static WebDriverWait waiting() {
    return io.weft.testing.Chromium.waiting(driver, 20);
  }

  private static WebElement visible(By by) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static void open(String path) {
    driver.get(base + path);
    visible(By.cssSelector("#jaeger-ui-root .ant-layout"));
  }

  /** Waits until the page's text contains every one of {@code texts}. */
  private static void pageShows(String... texts) {
    waiting().withMessage(() -> "page text with " + List.of(texts)).until(d -> {
      String body = d.findElement(By.tagName("body")).getText();
      for (String t : texts) {
        if (!body.contains(t)) {
          return false;
        }
      }
      return true;
    });
  }

  private static void shot(String name) throws Exception {
    if (driver != null) {
      chromium.screenshot("jaeger-ui-" + name);
    }
  }

  /** Opens an antd select (by its data-testid) and returns the titles of its options. */
  private static List<String> openSelect(String testId) {
    driver.findElement(By.cssSelector("[data-testid='" + testId + "']")).click();
    By options = By.cssSelector(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(options));
    return driver.findElements(options).stream().map(o -> o.getAttribute("title")).toList();
  }

  private static void choose(String testId, String title) {
    openSelect(testId);
    driver.findElement(By.cssSelector(".ant-select-dropdown:not(.ant-select-dropdown-hidden) "
        + ".ant-select-item-option[title='" + title + "']")).click();
    waiting().until(d -> title.equals(d.findElement(By.cssSelector("[data-testid='" + testId + "'] .ant-select-content"))
        .getAttribute("title")));
  }

  private static int labelCount(String label) {
    String text = waiting().until(d -> d.findElements(By.cssSelector(".ant-form-item-label span")).stream()
        .map(WebElement::getText).filter(t -> t.startsWith(label + " (")).findFirst().orElse(null));
    return Integer.parseInt(text.substring(text.indexOf('(') + 1, text.indexOf(')')));
  }

  private static void findTraces() {
    WebElement submit = visible(By.cssSelector("button[data-test='submit-btn']"));
    waiting().until(d -> submit.isEnabled());
    submit.click();
  }

  /** Trace ids linked from the search results, once there are {@code n}. */
  private static List<String> resultIds(int n) {
    return waiting().withMessage("search results").until(d -> {
      List<String> ids = d.findElements(By.cssSelector(".SearchTracePage--resultsColumn a[href*='/trace/']")).stream()
          .map(a -> a.getAttribute("href").replaceFirst(".*/trace/", "").replaceFirst("[?#].*", ""))
          .distinct().toList();
      return ids.size() >= n ? ids : null;
    });
  }

  // ------------------------------------------------------------------ the pages

  @Test
  @Order(1)
  void serviceListAndSpanNames() {
    open("/search");
    assertEquals(4, labelCount("Service"), "frontend, inventory, payment, recommendations");
    List<String> services = openSelect("service");
    assertTrue(services.containsAll(List.of("All Services", "frontend", "inventory", "payment", "recommendations")),
        services.toString());
    driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
    choose("service", "frontend");
    assertEquals(4, labelCount("Span Name"), "GET /checkout, GET /recommendations, charge card, render");
    List<String> ops = openSelect("operation");
    assertTrue(ops.containsAll(List.of("GET /checkout", "GET /recommendations", "charge card", "render")), ops.toString());
  }

  @Test
  @Order(2)
  void searchWithAService() {
    open("/search");
    choose("service", "payment");
    findTraces();
    List<String> ids = resultIds(3);
    assertTrue(ids.containsAll(List.of(traceA, traceB, traceC)), ids + " has A, B and C");
    pageShows("frontend: GET /checkout", "inventory: reserve stock", "3 traces");
  }

  @Test
  @Order(3)
  void searchWithoutAService() {
    open("/search");
    choose("service", "All Services");
    driver.findElement(By.name("tags")).sendKeys("order.id=ord-42");
    findTraces();
    assertEquals(List.of(traceC), resultIds(1));
    pageShows("inventory: reserve stock", "1 trace");
  }

  @Test
  @Order(4)
  void traceTimelineAndItsOtherViews() throws Exception {
    open("/trace/" + traceA);
    pageShows("frontend: GET /checkout", "Total Spans", "4");
    waiting().until(d -> d.findElements(By.cssSelector(".span-name .endpoint-name")).stream()
        .map(WebElement::getText).toList().containsAll(List.of("GET /checkout", "charge card", "POST /charge", "render")));
    // Span details: the payment span's attribute and event.
    driver.findElements(By.cssSelector(".span-name")).stream()
        .filter(e -> e.getText().contains("POST /charge")).findFirst().orElseThrow().click();
    pageShows("http.response.status_code", "402");

    view("Trace Graph");
    waiting().withMessage("trace graph").until(d -> !d.findElements(By.cssSelector(".TraceGraph--graphWrapper")).isEmpty()
        && d.findElement(By.cssSelector(".TraceGraph--graphWrapper")).getText().contains("POST /charge"));
    view("Trace Statistics");
    pageShows("Group By:", "Service Name", "payment", "frontend", "ST in Duration");
    view("Trace Spans Table");
    pageShows("Trace Tabular View", "Service Name", "Span Name", "payment", "POST /charge", "render");
    view("Trace Flamegraph");
    visible(By.cssSelector("[data-testid='flamegraph-chart']"));
    view("Trace Logs");
    visible(By.cssSelector("[data-testid='trace-logs-view']"));
    pageShows("declined", "insufficient funds");
    view("Trace Timeline");
    pageShows("Service & Span Name");
  }

  /** Picks one of the trace page's views from its drop-down (a screenshot of the one it leaves). */
  private static void view(String label) throws Exception {
    shot("view-" + visible(By.cssSelector("button.AltViewOptions")).getText().trim().replace(' ', '-'));
    visible(By.cssSelector("button.AltViewOptions")).click();
    WebElement item = waiting().until(d -> d.findElements(By.cssSelector(".ant-dropdown:not(.ant-dropdown-hidden) "
        + ".ant-dropdown-menu-item")).stream().filter(e -> e.getText().trim().equals(label)).findFirst().orElse(null));
    item.click();
    waiting().until(d -> d.findElement(By.cssSelector("button.AltViewOptions")).getText().trim().equals(label));
  }

  @Test
  @Order(5)
  void systemArchitecture() {
    open("/dependencies");
    pageShows("frontend", "payment", "recommendations", "inventory");
  }

  @Test
  @Order(6)
  void compare() {
    open("/trace/" + traceA + "..." + traceB);
    waiting().until(d -> d.findElements(By.cssSelector("[data-testid='TraceDiffHeader--traceHeader']")).size() == 2);
    pageShows("GET /recommendations", "POST /charge");
  }

  @Test
  @Order(7)
  void archive() throws Exception {
    open("/trace/" + traceA);
    WebElement button = waiting().until(d -> d.findElements(By.tagName("button")).stream()
        .filter(b -> b.getText().trim().equals("Archive Trace")).findFirst().orElse(null));
    button.click();
    pageShows("This trace has been archived.");
    assertEquals(1, (int) node.metric("weft_archived_traces"), "the node's archive holds the trace");
  }

  /**
   * The Monitor tab (on: Weft writes metricsStorage into the UI's capabilities): frontend's latency,
   * error rate and request rate charts are drawn from /api/metrics/*, and its operations table lists
   * its server span.
   */
  @Test
  @Order(8)
  void monitorTabDrawsItsChartsAndOperations() throws Exception {
    Wait.until("frontend's span metrics flushed", 20, () -> node.query("/api/metrics/calls?service=frontend")
        .getJsonArray("metrics").size() == 1);
    open("/monitor?service=frontend&spanKind=server");
    pageShows("Monitor", "Latency (ms)", "Error rate (%)", "Request rate (req/s)");
    waiting().withMessage("three charts drawn").until(d -> {
      List<WebElement> graphs = d.findElements(By.cssSelector("[data-testid='service-graph']"));
      return graphs.size() == 3 && graphs.stream().allMatch(g -> !g.findElements(By.cssSelector(
          "path.recharts-curve, path.recharts-area-curve")).isEmpty() && !g.getText().contains("No Data")
          && !g.getText().contains("fetch data"));
    });
    pageShows("GET /checkout");
    assertTrue(driver.findElements(By.cssSelector(".ops-table-error-placeholder")).isEmpty(),
        "the operations table loaded");
  }
}
