package dev.botwatch.e2e.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.botwatch.e2e.support.Binaries;
import dev.botwatch.e2e.support.Http;
import dev.botwatch.e2e.support.JavaProgram;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The responder's console in a real browser (Debian's headless Chromium and chromedriver): the page
 * loads with the bot, a person enters the control token, clicks Emergency stop and confirms, the
 * responder runs the emergency sequence against the bot (WireMock) and the store latches it. The
 * screenshot is kept in e2e/target/console.png.
 */
class ConsoleIT {
  static final String TOKEN = "console-control-token-5d1e";

  @RegisterExtension
  static WireMockExtension bot =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir Path dir;

  @Test
  void emergencyStopFromTheConsoleIsRecordedAndLatched() throws IOException {
    Path chromium = Binaries.require("chromium");
    Path chromedriver = Binaries.require("chromedriver");
    bot.stubFor(
        post(urlPathMatching("/control/.*"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    Files.writeString(dir.resolve("control_token"), TOKEN);
    Files.writeString(dir.resolve("webhook_token"), "console-webhook-token");
    String config =
        """
        server: {host: 127.0.0.1, port: 0}
        webhook: {token: {file: "%s"}}
        control: {token: {file: "%s"}}
        store: {path: "%s"}
        bots:
          paper:
            control: {base_url: "%s"}
            liquidation_enabled: false
        """
            .formatted(
                dir.resolve("webhook_token"),
                dir.resolve("control_token"),
                dir.resolve("responder.db"),
                bot.baseUrl());
    try (JavaProgram responder = JavaProgram.start("botwatch-responder", config, dir)) {
      WebDriver browser = browser(chromium, chromedriver);
      try {
        browser.get(responder.url() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#bots tr[data-bot='paper']")));
        assertThat(browser.getTitle()).contains("botwatch");

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser
            .findElement(
                By.cssSelector("tr[data-bot='paper'] button[data-action='emergency-stop']"))
            .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok"))).click();

        await("the responder's latch")
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(
                () ->
                    Http.get(responder.url() + "/api/v1/status")
                        .json()
                        .path("bots")
                        .path("paper")
                        .path("emergency")
                        .path("active")
                        .asBoolean());
        // The latch comes first; the steps run after it, one by one, off the request.
        await("the last emergency step to reach the bot")
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(
                () ->
                    !bot.findAll(postRequestedFor(urlEqualTo("/control/emergency-mode")))
                        .isEmpty());
        bot.verify(1, postRequestedFor(urlEqualTo("/control/stop-trading")));
        bot.verify(1, postRequestedFor(urlEqualTo("/control/cancel-orders")));
        bot.verify(0, postRequestedFor(urlEqualTo("/control/liquidate")));
        await("the console to show the latch")
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(
                () ->
                    browser
                        .findElement(By.cssSelector("tr[data-bot='paper']"))
                        .getText()
                        .contains("EMERGENCY"));
        await("the console to list every step with its outcome")
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(
                () -> {
                  String actions = browser.findElement(By.cssSelector("#actions tbody")).getText();
                  return actions.contains("emergency-mode")
                      && !actions.contains("planned")
                      && !actions.contains("running");
                });
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path artifact = Binaries.root().resolve("e2e/target/console.png");
        Files.createDirectories(artifact.getParent());
        Files.copy(shot.toPath(), artifact, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(artifact)).isGreaterThan(10_000);
      } finally {
        browser.quit();
      }
    }
  }

  static WebDriver browser(Path chromium, Path chromedriver) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // Flags from the machine notes: no sandbox as root, and nothing that reaches off the machine.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
