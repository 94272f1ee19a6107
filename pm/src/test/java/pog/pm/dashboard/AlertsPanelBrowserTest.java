package pog.pm.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import pog.alerts.testing.FakeReceivers;
import pog.pm.Procs;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Alerts panel in a real browser against a PM JVM: a killed trader's alert appears with a tick per channel that
 * delivered and a cross for the one that fails, the failing channel is named in red, Acknowledge needs the token,
 * and the test button reports each channel.
 */
class AlertsPanelBrowserTest {
    static Browser browser;

    @TempDir
    Path dir;
    PmUnderTest pm;
    FakeReceivers fake;

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

    @AfterEach
    void stopProcesses() {
        if (pm != null) {
            pm.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** The text of the first alert row whose text contains {@code title}, read in one go (the panel re-renders). */
    private static String rowText(String title) {
        Object t = browser.js("const r = [...document.querySelectorAll('#alerts [data-alert]')]"
                + ".find(r => r.textContent.includes(arguments[0])); return r ? r.innerText : null", title);
        return t == null ? null : t.toString();
    }

    @Test
    void shouldShowAnAlertPerChannelLetAPersonAcknowledgeItAndSendATest() throws Exception {
        fake = new FakeReceivers();
        fake.fail("discord", 500);
        pm = new PmUnderTest(dir).trader("trader-hl", "Hyperliquid trader");
        pm.extra = "alerts:\n  channels:\n    - {type: slack, url: \"" + fake.slackUrl() + "\"}\n"
                + "    - {type: discord, url: \"" + fake.discordUrl() + "\"}\n";
        pm.start();
        browser.open(pm.url());
        browser.await(Duration.ofSeconds(10), d -> browser.find("#alerts-empty").getText().equals("No alerts yet."));

        Procs.kill9(pm.pid("trader-hl"));
        browser.await(Duration.ofSeconds(15), d -> browser.find("#alerts-channel-failing").isDisplayed());
        assertThat(browser.find("#alerts-channel-failing").getText()).isEqualTo("Alert channel discord is failing");
        String row = browser.await(Duration.ofSeconds(15), d -> {
            String text = rowText("trader-hl is DOWN");
            return text != null && text.contains("✓ slack") ? text : null;
        });
        assertThat(row).contains("critical", "Open", "✓ slack", "✗ discord",
                "PM does not restart it (restart policy never)");
        assertThat(browser.js("return [...document.querySelectorAll('#alerts [data-alert]')].find(r => r.textContent"
                + ".includes('trader-hl is DOWN')).querySelector('[data-channel=discord]').title"))
                .asString().contains("Discord refused the message: HTTP 500");
        assertThat(browser.find("#alerts-summary").getText()).contains("open");
        browser.shot("alerts-1-down-laptop", Browser.LAPTOP);
        browser.shot("alerts-1-down-phone", Browser.PHONE);

        browser.js("[...document.querySelectorAll('#alerts [data-alert]')].find(r => r.textContent"
                + ".includes('trader-hl is DOWN')).querySelector('button').click()");
        browser.await(Duration.ofSeconds(3), d -> browser.find("#token-dialog").isDisplayed());
        browser.find("#token-input").sendKeys(Procs.TOKEN, Keys.ENTER);
        browser.await(Duration.ofSeconds(10), d -> {
            String text = rowText("trader-hl is DOWN");
            return text != null && text.contains("Acknowledged");
        });

        browser.find("#alerts-test").click();
        browser.await(Duration.ofSeconds(20), d -> browser.find("#notice").getText().startsWith("Test alert:"));
        assertThat(browser.find("#notice").getText()).contains("slack delivered", "discord FAILED: Discord refused");
        assertThat(fake.receivedText("slack", "[TEST] Test alert from PoG")).hasSize(1);
        browser.shot("alerts-2-acked-and-tested-laptop", Browser.LAPTOP);
        assertThat(browser.errors()).as("console errors").allMatch(e -> e.contains("401") || e.contains("500"));
    }
}
