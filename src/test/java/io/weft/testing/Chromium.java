package io.weft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium through Selenium for the web UI tests: Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (tools that download their own browser fail here), a fresh profile,
 * no background traffic; screenshots go to {@code target/screenshots}. One browser for a test class:
 * {@code @RegisterExtension static final Chromium chromium = new Chromium()} starts it before the
 * class's {@code @BeforeAll} methods (skipping the class when Chromium is not installed) and quits it after.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of(System.getProperty("weft.build.dir", "target"), "screenshots");

  private WebDriver driver;
  private boolean networkLog;

  /** Also keeps Chromium's performance log (DevTools Network events), read with {@code logs().get("performance")}. */
  public Chromium withNetworkLog() {
    networkLog = true;
    return this;
  }

  /** The browser, once the class's tests are about to run. */
  public WebDriver driver() {
    return driver;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the web UI tests need /usr/bin/chromium and /usr/bin/chromedriver");
    driver = start(networkLog);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
    }
  }

  /** A new headless browser with a 1400x900 window. */
  private static WebDriver start(boolean networkLog) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900",
        "--user-data-dir=" + Files.createTempDirectory("weft-chromium"));
    if (networkLog) {
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.PERFORMANCE, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
  public void screenshot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  /**
   * A wait that looks again when an element it found went stale: pages redraw lists (suggestions,
   * results, the cluster table) while a condition is being checked.
   */
  public static org.openqa.selenium.support.ui.WebDriverWait waiting(org.openqa.selenium.WebDriver driver, int seconds) {
    org.openqa.selenium.support.ui.WebDriverWait w = new org.openqa.selenium.support.ui.WebDriverWait(driver,
        java.time.Duration.ofSeconds(seconds));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }
}
