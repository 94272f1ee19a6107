package pog.pm.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's headless chromium driven through /usr/bin/chromedriver, with a fresh profile that is deleted on close.
 * Without a browser the tests are skipped with a message, except when {@code CI=true}: there it is a failure.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");
    public static final Dimension LAPTOP = new Dimension(1366, 900);
    public static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts chromium, or skips the calling test when it is not installed and CI is not set. */
    public static Browser start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            String why = "dashboard browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ": missing with CI=true, where these tests must run");
            }
            Assumptions.abort(why + "; skipped because CI is not true");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("pog-dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + LAPTOP.width + "," + LAPTOP.height,
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    /** Console errors since the last call (script errors, CSP violations, failed loads). */
    public List<String> errors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    void size(Dimension d) {
        driver.manage().window().setSize(d);
    }

    /**
     * Saves the page at {@code width} under target/screenshots/{@code name}.png, tall enough for the whole page (the
     * window is grown to the page's height for the shot and restored afterwards).
     */
    public Path shot(String name, Dimension viewport) throws IOException {
        Dimension before = driver.manage().window().getSize();
        size(viewport);
        Number h = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
        // phones: two screens' worth, so the picture stays readable; laptops: the whole page
        int cap = viewport.width < 600 ? viewport.height * 2 : 4000;
        size(new Dimension(viewport.width, Math.max(viewport.height, Math.min(h.intValue() + 140, cap))));
        Path f = SHOTS.resolve(name + ".png");
        Files.createDirectories(SHOTS);
        Files.write(f, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        size(before);
        return f;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }

    /** Manual look at a running PM: {@code Browser <url> <name>} writes laptop and phone screenshots. */
    public static void main(String[] args) throws Exception {
        try (Browser b = start()) {
            b.open(args[0]);
            Thread.sleep(Long.parseLong(args.length > 2 ? args[2] : "4000"));
            System.out.println(b.shot(args[1] + "-laptop", LAPTOP));
            System.out.println(b.shot(args[1] + "-phone", PHONE));
            for (Object l : b.driver.manage().logs().get("browser").getAll()) {
                System.out.println(l);
            }
        }
    }
}
