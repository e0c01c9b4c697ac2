package io.weft.ui;

import io.weft.testing.OtelSdk;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.weft.it.TestNode;
import io.weft.testing.Chromium;
import io.weft.testing.Wait;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The TraceQL editor and the trace views in a real browser (headless Chromium), against a real node
 * fed by the OpenTelemetry SDK: highlighting, suggestions from the tag endpoints, inline parse
 * errors, results with their matched spans, the trace page highlighting them; the flame graph,
 * trace graph, spans table, events list, span links, the service filter and readable
 * dependency-graph labels when a big graph is fitted.
 */
class TraceQlUiTest {
  private static final long MS = 1_000_000L;
  /** Services in one long chain, so the fitted dependency graph is small on screen. */
  private static final int CHAIN = 24;

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("query.webroot", Path.of("webroot").toAbsolutePath().toString()));
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static WebDriver driver;
  static String base;
  static String checkout;
  static String worker;
  static String paySpan;

  @BeforeAll
  static void start() throws Exception {
    base = "http://127.0.0.1:" + node.query;
    sendTraces();
    Wait.forValue("checkout trace", 20, () -> node.traceWith(checkout, 3));
    Wait.forValue("worker trace", 20, () -> node.traceWith(worker, 1));
    driver = chromium.driver();
  }

  /**
   * checkout: frontend GET /checkout (500) → checkout POST /pay (error, an exception event) → db
   * SELECT orders (250 ms). worker: consume, linked to POST /pay. chain: chain-00 → ... → chain-23.
   */
  static void sendTraces() {
    long now = System.currentTimeMillis() * MS - 60_000 * MS;
    List<SdkTracerProvider> providers = new ArrayList<>();
    SdkTracerProvider fe = OtelSdk.provider(node.otlpGrpc, "frontend");
    SdkTracerProvider co = OtelSdk.provider(node.otlpGrpc, "checkout");
    SdkTracerProvider db = OtelSdk.provider(node.otlpGrpc, "db");
    SdkTracerProvider wk = OtelSdk.provider(node.otlpGrpc, "worker");
    providers.addAll(List.of(fe, co, db, wk));
    Tracer feT = fe.get("ui-test");
    Span root = feT.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
        .setStartTimestamp(now, TimeUnit.NANOSECONDS).setAttribute("http.status_code", 500L).startSpan();
    Span pay = co.get("ui-test").spanBuilder("POST /pay").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(root)).setStartTimestamp(now + 10 * MS, TimeUnit.NANOSECONDS)
        .setAttribute("http.method", "POST").startSpan();
    pay.addEvent("exception", Attributes.of(stringKey("exception.message"), "timeout talking to the bank",
        longKey("attempt"), 3L), now + 15 * MS, TimeUnit.NANOSECONDS);
    pay.setStatus(StatusCode.ERROR, "card declined");
    Span select = db.get("ui-test").spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(pay)).setStartTimestamp(now + 20 * MS, TimeUnit.NANOSECONDS).startSpan();
    select.end(now + 270 * MS, TimeUnit.NANOSECONDS);
    pay.end(now + 290 * MS, TimeUnit.NANOSECONDS);
    root.end(now + 300 * MS, TimeUnit.NANOSECONDS);
    checkout = root.getSpanContext().getTraceId();
    paySpan = pay.getSpanContext().getSpanId();

    SpanContext payContext = pay.getSpanContext();
    Span consume = wk.get("ui-test").spanBuilder("consume").setSpanKind(SpanKind.CONSUMER).setNoParent()
        .addLink(payContext).setStartTimestamp(now + 1000 * MS, TimeUnit.NANOSECONDS).startSpan();
    consume.end(now + 1040 * MS, TimeUnit.NANOSECONDS);
    worker = consume.getSpanContext().getTraceId();

    Span parent = null;
    List<Span> chain = new ArrayList<>();
    for (int i = 0; i < CHAIN; i++) {
      SdkTracerProvider p = OtelSdk.provider(node.otlpGrpc, String.format("chain-%02d", i));
      providers.add(p);
      var b = p.get("ui-test").spanBuilder("hop").setSpanKind(SpanKind.SERVER)
          .setStartTimestamp(now + (2000 + i) * MS, TimeUnit.NANOSECONDS);
      Span s = (parent == null ? b.setNoParent() : b.setParent(Context.root().with(parent))).startSpan();
      chain.add(s);
      parent = s;
    }
    for (int i = CHAIN - 1; i >= 0; i--) {
      chain.get(i).end(now + (2100 - i) * MS, TimeUnit.NANOSECONDS);
    }
    for (SdkTracerProvider p : providers) {
      assertTrue(p.forceFlush().join(60, TimeUnit.SECONDS).isSuccess(), "exporter delivered");
      p.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void editorHighlightsSuggestsAndShowsWhereAQueryDoesNotParse() throws Exception {
    driver.get(base + "/search");
    visible("#tab-traceql").click();
    WebElement input = visible("#f-traceql");
    input.sendKeys("{ resource.serv");
    WebElement option = waiting(20).until(d -> d.findElements(By.cssSelector("#qe-suggest .qe-opt")).stream()
        .filter(WebElement::isDisplayed).filter(o -> o.getText().startsWith("resource.service.name")).findFirst().orElse(null));
    assertTrue(option.getText().contains("resource"), "names come from the tag endpoint, with their scope");
    input.sendKeys(Keys.ENTER);
    waiting(10).withMessage(() -> "editor holds: " + value(input)).until(d -> value(input).equals("{ resource.service.name "));
    input.sendKeys("= \"chec");
    waiting(20).until(d -> d.findElements(By.cssSelector("#qe-suggest .qe-opt")).stream()
        .anyMatch(o -> o.isDisplayed() && o.getText().startsWith("checkout")));
    assertFalse(driver.findElements(By.cssSelector("#qe-suggest .qe-opt")).stream()
        .anyMatch(o -> o.isDisplayed() && o.getText().startsWith("frontend")), "values filtered by what is typed");
    input.sendKeys(Keys.ENTER);
    waiting(10).withMessage(() -> "editor holds: " + value(input))
        .until(d -> value(input).equals("{ resource.service.name = \"checkout\" "));
    input.sendKeys("&& status = }");
    WebElement error = visible(".qe-error");
    waiting(10).until(ExpectedConditions.textToBePresentInElement(error, "column 50"));
    assertTrue(error.getText().contains("expected a value, an attribute or an intrinsic, found '}'"), error.getText());
    assertEquals("}", visible("mark.tq-err").getText(), "the error is marked where it is");
    assertEquals("resource.service.name", driver.findElement(By.cssSelector(".qe-hl .tq-attr")).getText());
    assertEquals("\"checkout\"", driver.findElement(By.cssSelector(".qe-hl .tq-string")).getText());
    assertEquals("status", driver.findElement(By.cssSelector(".qe-hl .tq-intrinsic")).getText());
    chromium.screenshot("traceql-01-editor-error");

    input.sendKeys(Keys.BACK_SPACE, "error }");
    waiting(10).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".qe-error")));
    assertEquals("error", driver.findElement(By.cssSelector(".qe-hl .tq-keyword")).getText());
    input.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    WebElement result = visible(".result[data-id]");
    assertTrue(driver.getCurrentUrl().contains("q="), driver.getCurrentUrl());
    assertTrue(result.findElement(By.cssSelector(".result-matches")).getText().contains("POST /pay"), result.getText());
    assertEquals(1, driver.findElements(By.cssSelector(".result")).size());
  }

  @Test
  void resultsShowTheMatchedSpansAndTheTracePageHighlightsThem() throws Exception {
    String q = "{ resource.service.name = \"frontend\" } >> { status = error || name = \"SELECT orders\" }";
    driver.get(base + "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&lookback=1h");
    WebElement result = visible(".result[data-id]");
    String matches = result.findElement(By.cssSelector(".result-matches")).getText();
    assertTrue(matches.contains("2 matched") && matches.contains("POST /pay") && matches.contains("SELECT orders"), matches);
    chromium.screenshot("traceql-02-results");
    result.findElement(By.cssSelector(".result-title")).click();
    waiting(30).until(ExpectedConditions.urlContains("/trace/"));
    assertTrue(visible(".ql-banner").getText().contains("2 spans matched by"), driver.findElement(By.cssSelector(".ql-banner")).getText());
    waiting(20).until(d -> d.findElements(By.cssSelector(".tl-row.match")).size() == 2);
    List<String> hit = new ArrayList<>();
    driver.findElements(By.cssSelector(".tl-row.match .tl-op")).forEach(e -> hit.add(e.getText()));
    assertEquals(List.of("POST /pay", "SELECT orders"), hit);
    assertEquals(1, driver.findElements(By.cssSelector(".tl-row.dim")).size(), "the root did not match");
    chromium.screenshot("traceql-03-trace-highlight");

    tab("flame");
    waiting(20).until(d -> d.findElements(By.cssSelector(".fg-frame")).size() == 3);
    assertEquals(2, driver.findElements(By.cssSelector(".fg-frame.match")).size());
    chromium.screenshot("traceql-04-flame-graph");
  }

  @Test
  void traceViews() throws Exception {
    driver.get(base + "/trace/" + checkout);
    visible(".tl-row");

    tab("flame");
    waiting(20).until(d -> d.findElements(By.cssSelector(".fg-frame")).size() == 3);
    WebElement pay = frame("POST /pay");
    double top = pay.getRect().getY();
    double left = pay.getRect().getX();
    assertTrue(frame("SELECT orders").getRect().getY() > top, "children below their parent");
    assertTrue(frame("GET /checkout").getRect().getY() < top);
    pay.click();
    waiting(10).until(d -> frame("POST /pay").getRect().getX() < left);
    assertTrue(driver.findElement(By.cssSelector(".fg-crumbs")).getText().contains("checkout: POST /pay"), "zoomed into the span");

    tab("graph");
    WebElement node = visible(".tg-node[data-operation='POST /pay']");
    String sub = node.findElement(By.cssSelector(".tg-sub")).getText();
    assertTrue(sub.startsWith("1× · self 30ms") && sub.contains("total 280ms") && sub.contains("1 err"), sub);
    assertEquals(2, driver.findElements(By.cssSelector(".tg-edge")).size(), "GET /checkout → POST /pay → SELECT orders");
    chromium.screenshot("traceql-05-trace-graph");

    tab("spans");
    visible(".table.spans tbody tr");
    assertEquals(List.of("GET /checkout", "POST /pay", "SELECT orders"), column(2), "by start");
    driver.findElement(By.cssSelector(".table.spans th[data-col='duration']")).click();
    assertEquals(List.of("GET /checkout", "POST /pay", "SELECT orders"), column(2), "longest first");
    driver.findElement(By.cssSelector(".table.spans th[data-col='self']")).click();
    assertEquals("SELECT orders", column(2).get(0), "the most self time first: 250ms");
    driver.findElement(By.cssSelector(".table.spans th[data-col='self']")).click();
    assertEquals("GET /checkout", column(2).get(0), "and reversed: 10ms");
    chromium.screenshot("traceql-06-spans-table");

    tab("events");
    WebElement ev = visible(".ev");
    assertTrue(ev.getText().contains("exception") && ev.getText().contains("POST /pay")
        && ev.getText().contains("exception.message=timeout talking to the bank") && ev.getText().contains("+15ms"), ev.getText());
    ev.click();
    waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".sd-op"), "POST /pay"));
    assertTrue(driver.getCurrentUrl().contains("span=" + paySpan), "an event opens its span");
  }

  @Test
  void spanLinksAreShownAndFollowable() throws Exception {
    driver.get(base + "/trace/" + worker);
    WebElement row = waiting(30).until(d -> d.findElements(By.cssSelector(".tl-row")).stream()
        .filter(r -> r.getText().contains("consume")).findFirst().orElse(null));
    assertEquals("⇢", row.findElement(By.cssSelector(".tl-link")).getText(), "the row says the span has a link");
    row.click();
    WebElement link = visible(".sd-links a.sd-link");
    assertTrue(link.getText().contains("span in trace " + checkout.substring(0, 16)), link.getText());
    link.click();
    waiting(30).until(ExpectedConditions.urlContains("/trace/" + checkout));
    waiting(30).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".sd-op"), "POST /pay"));
  }

  @Test
  void servicePickerFiltersAsYouType() throws Exception {
    driver.get(base + "/search");
    WebElement filter = visible("#f-service-filter");
    waiting(20).until(d -> d.findElements(By.cssSelector("#f-service option[value='chain-07']")).size() == 1);
    filter.sendKeys("chain-1");
    Select services = new Select(driver.findElement(By.id("f-service")));
    List<String> shown = new ArrayList<>();
    for (WebElement o : services.getOptions()) {
      if (!o.getDomAttribute("value").isEmpty() && o.getDomProperty("hidden").equals("false")) {
        shown.add(o.getDomAttribute("value"));
      }
    }
    assertEquals(List.of("chain-10", "chain-11", "chain-12", "chain-13", "chain-14", "chain-15", "chain-16", "chain-17",
        "chain-18", "chain-19"), shown);
    assertEquals("chain-10", services.getFirstSelectedOption().getDomAttribute("value"), "the first match is picked");
    filter.clear();
    filter.sendKeys("wor");
    waiting(10).until(d -> new Select(d.findElement(By.id("f-service"))).getFirstSelectedOption().getDomAttribute("value")
        .equals("worker"));
  }

  @Test
  void dependencyLabelsStayReadableWhenABigGraphIsFitted() throws Exception {
    driver.get(base + "/dependencies?lookback=1h");
    waiting(30).until(d -> d.findElements(By.cssSelector(".dg-node")).size() >= CHAIN);
    driver.findElement(By.xpath("//button[text()='Fit']")).click();
    String scale = (String) js("return document.querySelector('.dg-viewport').getAttribute('transform')");
    double k = Double.parseDouble(scale.replaceAll(".*scale\\(([0-9.]+)\\).*", "$1"));
    assertTrue(k < 0.5, "a chain of " + CHAIN + " services is fitted small: " + scale);
    double nameHeight = ((Number) js("return document.querySelector('.dg-name').getBoundingClientRect().height")).doubleValue();
    assertTrue(nameHeight >= 10, "a service name stays at least 10px tall on screen: " + nameHeight);
    chromium.screenshot("traceql-07-dependencies-fitted");
  }

  // ---- helpers

  private static void tab(String view) {
    visible("#app .tab[data-view='" + view + "']").click();
  }

  private static WebElement frame(String op) {
    return driver.findElements(By.cssSelector(".fg-frame")).stream()
        .filter(f -> f.getText().startsWith(op) || (f.getDomAttribute("title") + "").contains(": " + op + "\n"))
        .findFirst().orElseThrow();
  }

  private static List<String> column(int col) {
    List<String> out = new ArrayList<>();
    driver.findElements(By.cssSelector(".table.spans tbody tr td:nth-child(" + col + ")")).forEach(e -> out.add(e.getText()));
    return out;
  }

  private static String value(WebElement input) {
    return input.getDomProperty("value");
  }

  private static WebDriverWait waiting(int seconds) {
    return io.weft.testing.Chromium.waiting(driver, seconds);
  }

  private static WebElement visible(String css) {
    return waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}
