package io.auditoverlay.e2e.dashboard;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, through Debian's chromedriver: nothing is downloaded at run time
 * (deploy/local/install-test-tools.sh installs both). Screenshots go to target/dashboard-screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final Path DOWNLOADS = Path.of("target", "dashboard-downloads").toAbsolutePath();

    final WebDriver driver;
    private final String base;
    private int shots;

    Browser(String base) throws Exception {
        this.base = base;
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            throw new IllegalStateException("Chromium or chromedriver is missing: run deploy/local/install-test-tools.sh");
        }
        Files.createDirectories(SCREENSHOTS);
        Files.createDirectories(DOWNLOADS);
        try (var old = Files.list(DOWNLOADS)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text() {
        return find("body").getText();
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    void signIn(String token) {
        open("/");
        find("#token").sendKeys(token);
        clickAndLoad("#sign-in");
    }

    /**
     * Clicks what posts a form or follows a link, and waits until the answer has replaced the
     * document: without the wait the next read may still see the old page (seen under load, both
     * after sign-in and after a triage button).
     */
    void clickAndLoad(String css) {
        WebElement element = find(css);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(element));
    }

    void signOut() {
        find("#sign-out").click();
    }

    /** Saves what the browser shows as target/dashboard-screenshots/NN-name.png. */
    Path screenshot(String name) throws Exception {
        Path file = SCREENSHOTS.resolve(String.format("%02d-%s.png", ++shots, name));
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
