package io.weft.ui;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.weft.it.TestNode;
import io.weft.testing.Chromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Weft's UI in headless Chromium against a node with authentication on: the page loads without a
 * token, the first API call answered 401 opens the token dialog, a wrong token is refused with the
 * server's reason, a read token fills the search form with the services the SDK sent (with a write
 * token), and signing out forgets it.
 */
class TokenPromptTest {
  static final String WRITER = "writer-" + UUID.randomUUID();
  static final String READER = "reader-" + UUID.randomUUID();
  static final Path TOKENS = tokensFile();

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("query.webroot", Path.of("webroot").toAbsolutePath().toString(),
      "auth.tokens-file", TOKENS.toString()));
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static WebDriver driver;

  static Path tokensFile() {
    try {
      Path p = Files.createTempFile("weft-tokens-", "");
      p.toFile().deleteOnExit();
      Files.writeString(p, WRITER + " write - sdk\n" + READER + " read - browser\n");
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpGrpc)
        .addHeader("authorization", "Bearer " + WRITER).build();
    SdkTracerProvider p = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(stringKey("service.name"), "checkout")))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    p.get("token-prompt-test").spanBuilder("GET /cart").startSpan().end();
    assertTrue(p.forceFlush().join(15, TimeUnit.SECONDS).isSuccess());
    p.shutdown().join(10, TimeUnit.SECONDS);
    HttpResponse<String> services = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + node.query + "/api/services")).header("authorization", "Bearer " + READER).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(services.body().contains("checkout"), services.body());
    driver = chromium.driver();
  }

  static WebElement visible(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  static void signIn(String token) {
    WebElement input = visible("#token-dialog #token-input");
    input.clear();
    input.sendKeys(token);
    driver.findElement(By.id("token-submit")).click();
  }

  @Test
  void theUiAsksForATokenAndUsesIt() throws Exception {
    driver.get("http://127.0.0.1:" + node.query + "/search");
    WebElement reason = visible("#token-dialog .token-reason");
    assertTrue(reason.getText().startsWith("This Weft asks who you are"), reason.getText());
    chromium.screenshot("token-prompt");
    signIn("not-a-token-at-all");
    WebElement refused = visible("#token-dialog .token-reason");
    assertEquals("The token was refused: the bearer token is not known", refused.getText());
    signIn(READER);
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#f-service option[value='checkout']")));
    assertTrue(driver.findElements(By.id("token-dialog")).isEmpty(), "the dialog is gone");
    WebElement signOut = visible("#sign-out");
    signOut.click();
    visible("#token-dialog #token-input"); // the page reloaded without the token
    assertFalse(driver.findElement(By.id("sign-out")).isDisplayed());
  }
}
