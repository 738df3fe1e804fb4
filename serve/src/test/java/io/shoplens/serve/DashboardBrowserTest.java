package io.shoplens.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the dashboard in headless Chromium (Debian's chromium and chromium-driver; skipped when they are not
 * installed), checks that every chart (segments included) is drawn with data, clicks through to a user view with
 * its profile (lifecycle, RFM, favourite categories chart, propensity) and saves a screenshot to
 * {@code target/dashboard.png}.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void chartsRenderWithDataAndAUserViewOpens(@TempDir Path work) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        Fixture fx = Fixture.get();
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions opts = new ChromeOptions();
        opts.setBinary(CHROMIUM.toString());
        opts.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,4200",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        try (ShoplensServer server = ShoplensServer.start(fx.options(work))) {
            ChromeDriver driver = new ChromeDriver(service, opts);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                driver.get("http://127.0.0.1:" + server.port() + "/");
                driver.findElement(By.id("api-key")).sendKeys(Fixture.READ_KEY);
                driver.findElement(By.id("load")).click();
                wait.until(d -> !"".equals(d.findElement(By.tagName("body")).getDomAttribute("data-loaded"))
                        && d.findElement(By.tagName("body")).getDomAttribute("data-loaded") != null);
                assertEquals("true", driver.findElement(By.tagName("body")).getDomAttribute("data-loaded"),
                        driver.findElement(By.id("status")).getText());
                for (String id : List.of("chart-traffic", "chart-funnel", "chart-rfm", "chart-forecast",
                        "chart-leaderboard", "chart-segments")) {
                    WebElement chart = driver.findElement(By.id(id));
                    assertEquals("true", chart.getDomAttribute("data-rendered"), id + " has no data");
                    assertFalse(chart.findElements(By.tagName("canvas")).isEmpty(), id + " drew no canvas");
                    assertTrue(Integer.parseInt(chart.getDomAttribute("data-points")) > 0, id);
                }
                assertEquals(21, Integer.parseInt(driver.findElement(By.id("chart-traffic"))
                        .getDomAttribute("data-points")), "one point per day of the 21-day log");
                assertEquals(2, driver.findElements(By.cssSelector("#leaderboard tbody tr")).size());
                List<WebElement> segments = driver.findElements(By.cssSelector("#segment-list li.segment"));
                assertTrue(segments.size() >= 2, "segments listed: " + segments.size());
                for (WebElement seg : segments) {
                    assertTrue(seg.getText().matches("Segment \\d+ \\(.+\\): .+share of all value.*"), seg.getText());
                }
                WebElement first = driver.findElement(By.cssSelector("#users a.user-link"));
                String user = first.getText();
                first.click();
                wait.until(d -> "true".equals(d.findElement(By.id("user-view")).getDomAttribute("data-loaded")));
                assertEquals(user, driver.findElement(By.id("user-name")).getText());
                List<WebElement> recs = driver.findElements(By.cssSelector("#recommendations li.recommendation"));
                assertEquals(10, recs.size());
                for (WebElement r : recs) {
                    assertFalse(r.findElement(By.className("why")).getText().isBlank(), "no explanation: "
                            + r.getText());
                }
                assertFalse(driver.findElements(By.cssSelector("#history tbody tr")).isEmpty());
                assertEquals("true", driver.findElement(By.id("profile")).getDomAttribute("data-loaded"),
                        driver.findElement(By.id("profile-note")).getText());
                String lifecycle = driver.findElement(By.cssSelector("#profile-facts tr[data-fact='lifecycle'] td"))
                        .getText();
                assertTrue(List.of("new", "active", "at-risk", "churned").contains(lifecycle), lifecycle);
                assertFalse(driver.findElement(By.cssSelector("#profile-facts tr[data-fact='RFM'] td")).getText()
                        .isBlank());
                WebElement cats = driver.findElement(By.id("chart-user-categories"));
                assertEquals("true", cats.getDomAttribute("data-rendered"), "favourite categories chart has no data");
                assertFalse(cats.findElements(By.tagName("canvas")).isEmpty());
                assertTrue(driver.findElement(By.id("propensity")).getText().contains("% chance of a purchase"),
                        driver.findElement(By.id("propensity")).getText());
                assertFalse(driver.findElements(By.cssSelector("#propensity-reasons li")).isEmpty());
                driver.executeScript("window.scrollTo(0, 0)");
                Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
                Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                System.out.println("dashboard screenshot: " + shot);
            } finally {
                driver.quit();
            }
        }
    }
}
