package pog.pm.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's headless chromium driven through /usr/bin/chromedriver, with a fresh profile that is deleted on close.
 * Without a browser the tests are skipped with a message, except when {@code CI=true}: there it is a failure.
 *
 * <p>chromedriver is started here with {@code --port=0} and the port it bound is read from its start-up line. Selenium's
 * own service picks a free port, releases it and has chromedriver bind it later: another test (a parallel fork, any
 * bind to port 0) could take it in between, and chromedriver then exits with "Address already in use".
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target/screenshots");
    public static final Dimension LAPTOP = new Dimension(1366, 900);
    public static final Dimension PHONE = new Dimension(390, 844);

    /** How long chromedriver may take to say which port it listens on (seconds on a loaded machine). */
    private static final long DRIVER_START_SECONDS = 60;
    private static final java.util.regex.Pattern LISTENING =
            java.util.regex.Pattern.compile("started successfully on port (\\d+)");

    final RemoteWebDriver driver;
    private final Process chromedriver;
    private final Path profile;

    private Browser(RemoteWebDriver driver, Process chromedriver, Path profile) {
        this.driver = driver;
        this.chromedriver = chromedriver;
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
        Path profile = Files.createTempDirectory("pog-dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + LAPTOP.width + "," + LAPTOP.height,
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        Process chromedriver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=0")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            int port = listeningPort(chromedriver);
            RemoteWebDriver driver = new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), options);
            return new Browser(driver, chromedriver, profile);
        } catch (IOException | RuntimeException e) {
            stop(chromedriver);
            deleteTree(profile);
            throw e;
        }
    }

    /**
     * The port chromedriver bound, from its line "ChromeDriver was started successfully on port N."; its later output
     * is read and dropped (a pipe nobody reads would block it once full).
     */
    private static int listeningPort(Process chromedriver) throws IOException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder said = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(chromedriver.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!port.isDone()) {
                        said.append(line).append('\n');
                        java.util.regex.Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended: the future below says what it printed
            }
            port.completeExceptionally(new IOException("chromedriver ended before it listened: " + said));
        }, "chromedriver-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(DRIVER_START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("chromedriver did not say its port within " + DRIVER_START_SECONDS + " s: " + said);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while chromedriver started", e);
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
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
            stop(chromedriver);
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
