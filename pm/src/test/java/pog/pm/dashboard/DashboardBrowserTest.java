package pog.pm.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import pog.pm.Procs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser against a real PM JVM and fake traders PM launched: live data appears, a killed
 * or frozen PM turns the page loud (banner, every badge Unknown, every number greyed) within 3 s, a PM that comes back
 * turns it live again without a reload, and Stop All stops the traders only with the control token. Each state is saved
 * under target/screenshots/ for a person to look at.
 */
class DashboardBrowserTest {
    /** The page's colour for stale numbers (--stale in app.css). */
    private static final String STALE = "rgb(132, 141, 151)";
    private static final Pattern PROTECTED = Pattern.compile("✓ Protected, verified \\d+ s ago");
    private static final Pattern UNPROTECTED = Pattern.compile("⚠ UNPROTECTED (\\d+) s");
    /** tr.unprotected td and the red of --bad in app.css. */
    private static final String UNPROTECTED_ROW = "rgb(74, 13, 18)";
    private static final String BAD = "rgb(201, 37, 45)";
    private static final Pattern LAST_UPDATE = Pattern.compile("Last update: \\d\\d:\\d\\d:\\d\\d \\((\\d+) s ago\\)");

    static Browser browser;

    @TempDir
    Path dir;
    PmUnderTest pm;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Each test starts from a blank page with an empty console: the previous test's PM is gone by now. */
    @BeforeEach
    void blankPage() {
        browser.open("about:blank");
        browser.errors();
    }

    @AfterEach
    void stopProcesses() {
        if (pm != null) {
            pm.close();
        }
    }

    @Test
    void shouldShowLiveDataThenGoLoudWhenPmIsKilledAndRecoverWithoutAReload() throws Exception {
        pm = new PmUnderTest(dir).trader("trader-hl", "Hyperliquid trader", "--positions", "2", "--equity", "1000.50")
                .trader("trader-lighter", "Lighter trader", "--equity", "2500").start();
        browser.open(pm.url());

        awaitBadges("Healthy");
        browser.await(Duration.ofSeconds(10), d -> browser.all("#positions tr").size() == 3);
        browser.await(Duration.ofSeconds(10), d -> browser.find("#total-equity").getText().equals("3,500.50"));
        assertThat(browser.find("[data-service='trader-hl'] [data-role='state']").getAttribute("data-state"))
                .isEqualTo("HEALTHY");
        assertThat(browser.find("[data-service='trader-hl']").getText()).contains("Hyperliquid trader", "started");
        assertThat(browser.find("#positions").getText()).contains("BTC", "ETH1", "Stop 58,000");
        assertThat(browser.find("#traders").getText()).contains("1,000.50", "2,500.00");
        assertThat(browser.find("#banner").isDisplayed()).isFalse();
        assertThat(browser.find("#link-state").getText()).isEqualTo("Live");
        browser.await(Duration.ofSeconds(10), d -> browser.all("#chart canvas").size() == 1);
        browser.await(Duration.ofSeconds(10), d -> !browser.all("#events li").isEmpty());
        selectChartRanges();
        assertThat(browser.errors()).as("the page's console while PM is up").isEmpty();
        browser.js("window.__sameDocument = 'yes'");
        browser.shot("1-live-laptop", Browser.LAPTOP);
        browser.shot("1-live-phone", Browser.PHONE);

        pm.kill9();
        long killed = System.nanoTime();
        browser.await(Duration.ofSeconds(3), d -> browser.find("#banner").isDisplayed());
        long bannerMs = (System.nanoTime() - killed) / 1_000_000;
        assertThat(bannerMs).as("banner after PM's death").isLessThanOrEqualTo(3_000);
        assertThat(browser.find("#banner").getText()).contains("PM API UNREACHABLE");
        assertThat(badges()).as("no badge may keep a state PM can no longer vouch for")
                .hasSize(2).containsOnly("Unknown");
        List<String> colours = numberColours();
        assertThat(colours).as("every number greyed as stale").isNotEmpty().containsOnly(STALE);
        assertThat(browser.find("#link-state").getText()).isEqualTo("PM unreachable");
        assertThat(browser.driver.getTitle()).contains("PM UNREACHABLE");
        assertThat(browser.find("#stop-all").isEnabled()).isFalse();
        int before = secondsAgo();
        Thread.sleep(2_500);
        assertThat(secondsAgo()).as("'Last update' keeps ticking while PM is away").isGreaterThanOrEqualTo(before + 2);
        browser.shot("2-pm-down-laptop", Browser.LAPTOP);
        browser.shot("2-pm-down-phone", Browser.PHONE);

        pm.start();
        browser.await(Duration.ofSeconds(15), d -> !browser.find("#banner").isDisplayed());
        awaitBadges("Healthy");
        browser.await(Duration.ofSeconds(10), d -> browser.find("#link-state").getText().equals("Live"));
        assertThat(browser.js("return window.__sameDocument")).as("recovered without a reload").isEqualTo("yes");
        assertThat(browser.driver.getTitle()).doesNotContain("UNREACHABLE");
        browser.await(Duration.ofSeconds(10), d -> browser.find("#total-equity").getText().equals("3,500.50"));
        assertThat(numberColours()).doesNotContain(STALE);
        assertThat(secondsAgo()).isLessThanOrEqualTo(1);
        browser.await(Duration.ofSeconds(10), d -> browser.find("#events").getText().contains("ADOPT"));
        browser.shot("3-pm-back-laptop", Browser.LAPTOP);

        // a frozen PM keeps its sockets open: only the missing heartbeats give it away
        Procs.signal(pm.pm.pid(), "STOP");
        try {
            browser.await(Duration.ofSeconds(3), d -> browser.find("#banner").isDisplayed());
            assertThat(browser.find("#banner").getText()).contains("PM API UNREACHABLE");
            assertThat(badges()).containsOnly("Unknown");
        } finally {
            Procs.signal(pm.pm.pid(), "CONT");
        }
        browser.await(Duration.ofSeconds(15), d -> !browser.find("#banner").isDisplayed());
        awaitBadges("Healthy");
        assertThat(browser.js("return window.__sameDocument")).isEqualTo("yes");
    }

    /**
     * Each position says how it is protected: "Protected, verified N s ago", or a loud red UNPROTECTED row whose age
     * grows; while PM is frozen the protected one may only say "last seen", the unprotected one stays loud.
     */
    @Test
    void shouldShowEachPositionsProtectionWithItsAgeAndNeverAFreshProtectedWhilePmCannotVouchForIt() throws Exception {
        pm = new PmUnderTest(dir).trader("trader-hl", "Hyperliquid trader", "--positions", "1")
                .trader("trader-lighter", "Lighter trader", "--positions", "1", "--protection", "missing")
                .expect("trader-lighter", "DEGRADED").start();
        browser.open(pm.url());
        String covered = "[data-position='trader-hl/BTC']";
        String naked = "[data-position='trader-lighter/BTC']";
        browser.await(Duration.ofSeconds(20), d -> browser.all("#positions tr").size() == 2);
        browser.await(Duration.ofSeconds(10), d -> PROTECTED.matcher(text(covered)).find());
        assertThat(text(covered)).contains("Stop 58,000");
        assertThat(live(covered, "className")).doesNotContain("unprotected");

        // the unprotected row is red, says so in words, and its age is the time since PM first saw it uncovered
        browser.await(Duration.ofSeconds(10), d -> unprotectedSeconds(naked) >= 2);
        assertThat(live(naked, "className")).contains("unprotected");
        assertThat(colour(naked + " td")).isEqualTo(UNPROTECTED_ROW);
        assertThat(live(naked + " .badge", "title")).startsWith("no stop on the venue");
        assertThat(text("#protection")).startsWith("⚠ 1 position UNPROTECTED (oldest ");
        assertThat(browser.errors()).isEmpty();
        browser.shot("11-protection-laptop", Browser.LAPTOP);
        browser.shot("11-protection-phone", Browser.PHONE);

        Procs.signal(pm.pm.pid(), "STOP");
        try {
            browser.await(Duration.ofSeconds(3), d -> browser.find("#banner").isDisplayed());
            browser.await(Duration.ofSeconds(3), d -> text(covered).contains("Last seen protected"));
            assertThat(text(covered)).doesNotContain("✓ Protected");
            assertThat(text(naked)).contains("UNPROTECTED").contains("(as last seen)");
            assertThat(colour(naked + " .badge")).as("still red while PM is away").isEqualTo(BAD);
            browser.shot("12-protection-pm-frozen-laptop", Browser.LAPTOP);
        } finally {
            Procs.signal(pm.pm.pid(), "CONT");
        }
        browser.await(Duration.ofSeconds(15), d -> PROTECTED.matcher(text(covered)).find());
    }

    private static int unprotectedSeconds(String row) {
        Matcher m = UNPROTECTED.matcher(text(row));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Read in one script, so a row the page re-renders every second is never half old, half new. */
    private static String text(String css) {
        return (String) browser.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    }

    private static String live(String css, String property) {
        return (String) browser.js("const e = document.querySelector(arguments[0]); return e ? e[arguments[1]] : ''",
                css, property);
    }

    private static String colour(String css) {
        return (String) browser.js("const e = document.querySelector(arguments[0]);"
                + " return e ? getComputedStyle(e).backgroundColor : ''", css);
    }

    @Test
    void shouldSayConnectingUntilPmsFirstAnswerArrivesNeverLiveWithNoServices() throws Exception {
        try (SlowPm slow = new SlowPm()) {
            browser.open(slow.url());
            // the stream is open and beating, /api/status answers: but what PM watches is not known yet
            browser.await(Duration.ofSeconds(10), d -> browser.find("#services-empty").isDisplayed());
            assertThat(browser.find("#services-empty").getText()).isEqualTo("Connecting…");
            assertThat(browser.find("#link-state").getText()).isEqualTo("Connecting…");
            assertThat(browser.find("#link-state").getText()).isNotEqualTo("Live");
            assertThat(browser.find("body").getText()).doesNotContain("No services configured.");
            assertThat(browser.find("#banner").isDisplayed()).as("PM answers: it is not unreachable").isFalse();
            assertThat(browser.find("#stop-all").isEnabled()).as("nothing to stop is known yet").isFalse();
            browser.shot("0-connecting-laptop", Browser.LAPTOP);

            slow.release();
            browser.await(Duration.ofSeconds(10), d -> badges().equals(List.of("Healthy")));
            browser.await(Duration.ofSeconds(5), d -> browser.find("#link-state").getText().equals("Live"));
            assertThat(browser.find("#services-empty").isDisplayed()).isFalse();
            assertThat(browser.find("[data-service='trader-hl']").getText()).contains("Hyperliquid trader", "4242");
        }
    }

    @Test
    void shouldShowFailedHaltedAndPausedAsTheirOwnBadgesWithTheTradersWords() throws Exception {
        String line = "config error: config/trader-hl.yaml: venue.keyFile: var/keys/hl.key does not exist";
        java.nio.file.Path fail = dir.resolve("broken.fail");
        java.nio.file.Files.writeString(fail, "2\n" + line + "\n");
        pm = new PmUnderTest(dir).trader("t-broken", "Broken trader", "--fail-file", fail.toString())
                .trader("t-halted", "Halted trader", "--status", "halted", "--halt-reason",
                        "daily loss 500.00 of 500.00 USDC since 12:03")
                // the older health shape: halted with paused: true is an operator's pause
                .trader("t-paused", "Paused trader", "--status", "halted", "--paused", "true")
                .expect("t-broken", "FAILED").expect("t-halted", "HALTED").expect("t-paused", "PAUSED").start();
        browser.open(pm.url());

        browser.await(Duration.ofSeconds(20), d -> badge("t-broken").equals("Failed")
                && badge("t-halted").equals("Halted") && badge("t-paused").equals("Paused"));
        assertThat(browser.find("[data-service='t-broken']").getText()).contains(line)
                .as("a decision is not news at every check").doesNotContain("failed check");
        assertThat(browser.find("[data-service='t-broken'] [data-role='state']").getAttribute("title"))
                .isEqualTo("exit code 2");
        assertThat(browser.find("[data-service='t-halted']").getText()).contains("daily loss 500.00 of 500.00 USDC");
        assertThat(browser.find("[data-service='t-broken'] button[data-action='start']").isEnabled())
                .as("an explicit start is the way out of FAILED").isTrue();
        browser.await(Duration.ofSeconds(10), d -> browser.find("#events").getText().contains(line));
        browser.shot("9-failed-halted-paused-laptop", Browser.LAPTOP);
        browser.shot("9-failed-halted-paused-phone", Browser.PHONE);
    }

    @Test
    void shouldStopAllTradersOnlyWithTheControlTokenAndAskForItOnce() throws Exception {
        pm = new PmUnderTest(dir).trader("t1", "Trader one").trader("t2", "Trader two").start();
        long pid1 = pm.pid("t1");
        long pid2 = pm.pid("t2");
        browser.open(pm.url());
        awaitBadges("Healthy");

        browser.errors();

        // the confirmation names what will stop; the keyboard stays inside it and Esc cancels
        browser.find("#stop-all").click();
        WebElement dialog = browser.find("#confirm-dialog");
        browser.await(Duration.ofSeconds(3), d -> dialog.isDisplayed());
        assertThat(dialog.getText()).contains("Stop all traders (2)?", "Trader one", "Trader two", "pid " + pid1);
        assertThat(activeId()).as("the safe choice has the focus").isEqualTo("confirm-cancel");
        for (int i = 0; i < 5; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            assertThat(inside("confirm-dialog")).as("Tab stays in the dialog").isTrue();
        }
        browser.shot("4-stop-all-confirm-laptop", Browser.LAPTOP);
        browser.shot("4-stop-all-confirm-phone", Browser.PHONE);
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.await(Duration.ofSeconds(3), d -> !dialog.isDisplayed());
        assertThat(browser.find("#notice").getText()).contains("cancelled");

        // confirmed, but the token prompt is cancelled: nothing is sent
        confirmStopAll();
        WebElement tokenDialog = browser.find("#token-dialog");
        browser.await(Duration.ofSeconds(3), d -> tokenDialog.isDisplayed());
        assertThat(activeId()).isEqualTo("token-input");
        assertThat(browser.find("#token-input").getAttribute("type")).isEqualTo("password");
        browser.shot("5-token-prompt-laptop", Browser.LAPTOP);
        browser.find("#token-cancel").click();
        browser.await(Duration.ofSeconds(3), d -> browser.find("#notice").getText().contains("not sent"));

        // a wrong token: PM answers 401, the page forgets it and asks again
        confirmStopAll();
        browser.await(Duration.ofSeconds(3), d -> tokenDialog.isDisplayed());
        browser.find("#token-input").sendKeys("not-the-token", Keys.ENTER);
        browser.await(Duration.ofSeconds(5), d -> browser.find("#token-error").isDisplayed());
        assertThat(tokenDialog.isDisplayed()).isTrue();
        assertThat(browser.js("return sessionStorage.getItem('pog.controlToken')")).isNull();
        browser.shot("6-token-refused-laptop", Browser.LAPTOP);
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.await(Duration.ofSeconds(3), d -> browser.find("#notice").getText().contains("not sent"));

        Thread.sleep(500);
        assertThat(Procs.alive(pid1)).as("no token, nothing stopped").isTrue();
        assertThat(Procs.alive(pid2)).isTrue();
        assertThat(pm.allHealthy()).isTrue();
        assertThat(auditActions()).as("PM never ran a stop without the token").noneMatch(a -> a.startsWith("stop"));

        // the right token: both traders exit
        confirmStopAll();
        browser.await(Duration.ofSeconds(3), d -> tokenDialog.isDisplayed());
        browser.find("#token-input").sendKeys(Procs.TOKEN, Keys.ENTER);
        browser.await(Duration.ofSeconds(30), d -> browser.find("#notice").getText().contains("every trader stopped"));
        assertThat(Procs.alive(pid1)).isFalse();
        assertThat(Procs.alive(pid2)).isFalse();
        awaitBadges("Stopped");
        assertThat(auditActions()).contains("stop-all");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(Procs.TOKEN);
        assertThat(browser.js("return document.cookie")).isEqualTo("");
        assertThat(browser.js("return sessionStorage.getItem('pog.controlToken')")).isEqualTo(Procs.TOKEN);
        assertThat(browser.errors()).as("console: only the two refused requests (401), nothing else")
                .hasSize(1).allMatch(m -> m.contains("401"));
        browser.shot("7-stopped-laptop", Browser.LAPTOP);

        // per-service control reuses the token of this tab: no second prompt
        browser.find("[data-service='t1'] button[data-action='start']").click();
        browser.await(Duration.ofSeconds(30), d -> badge("t1").equals("Healthy"));
        assertThat(tokenDialog.isDisplayed()).isFalse();
        assertThat(badge("t2")).isEqualTo("Stopped");
        browser.shot("8-one-started-phone", Browser.PHONE);
    }

    /** A preset range, a range dragged on the chart, and back to live. */
    private static void selectChartRanges() {
        browser.find(".ranges button[data-range='900000']").click();
        browser.await(Duration.ofSeconds(5), d -> "true".equals(
                browser.find(".ranges button[data-range='900000']").getAttribute("aria-pressed")));
        WebElement over = browser.find("#chart .u-over");
        new Actions(browser.driver).moveToElement(over, -over.getSize().width / 4, 0).clickAndHold()
                .moveByOffset(over.getSize().width / 3, 0).release().perform();
        browser.await(Duration.ofSeconds(5), d -> browser.find("#chart-caption").getText().startsWith("Fixed range"));
        assertThat(browser.find("#range-reset").isDisplayed()).isTrue();
        assertThat(browser.all(".ranges button[aria-pressed='true']")).isEmpty();
        browser.find("#range-reset").click();
        browser.await(Duration.ofSeconds(5), d -> browser.find("#chart-caption").getText().startsWith("Live"));
        assertThat(browser.find(".ranges button[data-range='3600000']").getAttribute("aria-pressed")).isEqualTo("true");
    }

    private void confirmStopAll() {
        browser.find("#stop-all").click();
        browser.await(Duration.ofSeconds(3), d -> browser.find("#confirm-dialog").isDisplayed());
        browser.find("#confirm-ok").click();
    }

    private void awaitBadges(String text) {
        browser.await(Duration.ofSeconds(20), d -> {
            List<String> b = badges();
            return b.size() == pm.ids.size() && b.stream().allMatch(text::equals);
        });
    }

    private static List<String> badges() {
        List<String> out = new ArrayList<>();
        for (WebElement e : browser.all("#services [data-role='state']")) {
            out.add(e.getText());
        }
        return out;
    }

    private static String badge(String id) {
        return browser.find("[data-service='" + id + "'] [data-role='state']").getText();
    }

    /** The computed colour of every visible number on the page. */
    @SuppressWarnings("unchecked")
    private static List<String> numberColours() {
        return (List<String>) browser.js("return [...document.querySelectorAll('.num')]"
                + ".filter(e => e.offsetParent !== null && e.textContent.trim() !== '')"
                + ".map(e => getComputedStyle(e).color)");
    }

    private static int secondsAgo() {
        Matcher m = LAST_UPDATE.matcher(browser.find("#last-update").getText());
        assertThat(m.matches()).as(browser.find("#last-update").getText()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String activeId() {
        return (String) browser.js("return document.activeElement && document.activeElement.id");
    }

    private static boolean inside(String dialogId) {
        return (Boolean) browser.js("return document.getElementById(arguments[0]).contains(document.activeElement)",
                dialogId);
    }

    private List<String> auditActions() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : pm.get("/api/events?limit=5000")) {
            if (e.path("kind").asText().equals("audit")) {
                out.add(e.path("action").asText());
            }
        }
        return out;
    }
}
