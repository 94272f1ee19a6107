package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import pog.alerts.testing.FakeReceivers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts from the real jar: the trader that notices nobody polls it once PM is killed and no watchdog runs, the
 * watchdog that finds PM down, and {@code pog alert test}'s exit codes. Channels are local servers speaking each
 * service's protocol.
 */
class AlertsIT {
    @TempDir
    Path work;
    FakeReceivers fake;

    @BeforeEach
    void receivers() throws IOException {
        fake = new FakeReceivers();
    }

    @AfterEach
    void reap() {
        fake.close();
        String mark = work.toAbsolutePath().toString();
        List<ProcessHandle> ours = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false)).toList();
        ours.forEach(ProcessHandle::destroyForcibly);
        ours.forEach(p -> p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    private String channels() {
        return "  channels:\n"
                + "    - {type: webhook, url: \"" + fake.webhookUrl() + "\"}\n"
                + "    - {type: telegram, botToken: \"${TG_TOKEN}\", chatId: \"42\", baseUrl: \"" + fake.base() + "\"}\n";
    }

    private Path pmConfig(int port, String extra) throws IOException {
        Path f = work.toAbsolutePath().resolve("pm.yaml");
        Files.writeString(f, "port: " + port + "\ndataDir: '" + work.toAbsolutePath().resolve("pm") + "'\n"
                + "monitor:\n  intervalMs: 200\n  timeoutMs: 500\n  staleAfterMs: 4000\n" + extra);
        return f;
    }

    private List<String> webhookTitles() {
        return fake.received("webhook").stream().map(r -> r.json().path("text").asText().lines().findFirst().orElse(""))
                .toList();
    }

    @Test
    void aTraderAlertsOnItsOwnWhenPmIsKilledAndNoWatchdogRunsThenResolvesWhenPmIsBack() throws Exception {
        int traderPort = Ports.stable();
        int pmPort = Ports.stable();
        Path pm = pmConfig(pmPort, "services:\n  - id: trader-a\n    baseUrl: http://127.0.0.1:" + traderPort
                + "\n    launcher: external\n");
        Path trader = work.resolve("trader-a.yaml");
        Files.writeString(trader, """
                service: trader-a
                port: %d
                dataDir: '%s'
                venue: {type: paper, account: a-1, seed: 3, tickMillis: 200}
                strategy: {symbols: [BTC], barMillis: 200, fastPeriod: 1000, slowPeriod: 100000, minSpreadBps: 100000}
                alerts:
                  nobodyWatchingMs: 3000
                %s""".formatted(traderPort, work.toAbsolutePath().resolve("trader-a"), channels()));
        Map<String, String> env = Map.of("TG_TOKEN", FakeReceivers.TELEGRAM_TOKEN);

        PogProcess pm1 = PogProcess.start(work, "pm1", List.of("pm", "--config", pm.toString()), env);
        PogProcess t = PogProcess.start(work, "trader", List.of("trader", "--config", trader.toString()), env);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(t.isAlive()).as(t.stderr()).isTrue();
            return Http.get("http://127.0.0.1:" + pmPort + "/api/services/trader-a").json().path("state").asText()
                    .equals("HEALTHY");
        });

        long killedAt = System.currentTimeMillis();
        pm1.kill9();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> fake.receivedText("telegram", "trader-a: nobody is watching it").size() == 1
                        && fake.receivedText("webhook", "trader-a: nobody is watching it").size() == 1);
        long after = System.currentTimeMillis() - killedAt;
        System.out.println("measured: PM killed -> trader's nobody-watching alert after " + after
                + " ms (threshold 3000 ms)");

        JsonNode alert = fake.received("webhook").get(0).json();
        assertThat(alert.path("title").asText()).isEqualTo("trader-a: nobody is watching it");
        assertThat(alert.path("severity").asText()).isEqualTo("critical");
        assertThat(alert.path("time").asLong()).as("raised only after PM was gone for the threshold")
                .isGreaterThanOrEqualTo(killedAt + 2_500);
        assertThat(alert.path("happened").asText()).contains("no PM has polled trader-a since");
        assertThat(alert.path("origin").asText()).isEqualTo("trader trader-a");
        assertThat(t.isAlive()).as("the trader keeps trading").isTrue();

        PogProcess pm2 = PogProcess.start(work, "pm2", List.of("pm", "--config", pm.toString()), env);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> webhookTitles().contains("[RESOLVED] trader-a: nobody is watching it"));
        assertThat(webhookTitles()).containsExactly("[CRITICAL] trader-a: nobody is watching it",
                "[RESOLVED] trader-a: nobody is watching it");
        pm2.kill9();
        t.kill9();
    }

    @Test
    void theWatchdogAlertsWhenItFindsPmDownAndWhenPmIsBack() throws Exception {
        int pmPort = Ports.stable();
        Path pm = pmConfig(pmPort, "alerts:\n" + channels());

        PogProcess once = PogProcess.start(work, "watchdog", List.of("watchdog", "--once", "--config", pm.toString()),
                Map.of("TG_TOKEN", FakeReceivers.TELEGRAM_TOKEN));
        assertThat(once.waitFor(Duration.ofSeconds(120))).as(once.stdout() + once.stderr()).isZero();

        assertThat(webhookTitles()).containsExactly("[CRITICAL] PM is down", "[RESOLVED] PM is down");
        assertThat(fake.received("webhook").get(0).json().path("action").asText())
                .startsWith("the watchdog started PM (pid ");
        assertThat(fake.received("telegram")).hasSize(2);
    }

    @Test
    void alertTestExitsZeroWhenEveryChannelDeliversAndOneNamingTheOneThatFailed() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("me@example.com", "me", "smtp-pw-42"));
        smtp.start();
        Path f;
        try {
            f = pmConfig(9004, "alerts:\n" + channels() + "    - {type: email, host: 127.0.0.1, port: "
                    + smtp.getSmtp().getPort() + ", starttls: false, username: me, password: smtp-pw-42,"
                    + " from: pog@example.com, to: [me@example.com]}\n");
            PogProcess ok = PogProcess.start(work, "ok", List.of("alert", "test", "--config", f.toString()),
                    Map.of("TG_TOKEN", FakeReceivers.TELEGRAM_TOKEN));
            assertThat(ok.waitFor(Duration.ofSeconds(60))).as(ok.stdout() + ok.stderr()).isZero();
            assertThat(ok.stdout()).contains("webhook: delivered", "telegram: delivered", "email: delivered",
                    "all 3 channel(s) delivered");
            assertThat(fake.receivedText("telegram", "[TEST] Test alert from PoG")).hasSize(1);
            assertThat(smtp.getReceivedMessages()).singleElement()
                    .satisfies(m -> assertThat(m.getSubject()).isEqualTo("[TEST] Test alert from PoG"));
        } finally {
            smtp.stop();
        }
        f = pmConfig(9004, "alerts:\n" + channels());

        PogProcess bad = PogProcess.start(work, "bad", List.of("alert", "test", "--config", f.toString()),
                Map.of("TG_TOKEN", "999:wrong-token"));
        assertThat(bad.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(bad.stdout()).contains("webhook: delivered",
                "telegram: FAILED: Telegram refused the message: HTTP 401 (Unauthorized)",
                "1 of 2 channel(s) failed: telegram").doesNotContain("wrong-token");

        PogProcess missing = PogProcess.start(work, "missing", List.of("alert", "test", "--config", f.toString()));
        assertThat(missing.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(missing.stderr().strip()).isEqualTo("config error: " + f + ": alerts.channels[1].botToken: refers to"
                + " ${TG_TOKEN}, which is not set in the environment");
    }
}
