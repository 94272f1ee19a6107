package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.pm.Procs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PM reads nobody's positions while nobody looks (its largest idle saving), but the accounts it still reads feed the
 * equity-drop alert: the alert that matters most when no one has the dashboard open.
 */
class PmUnwatchedAlertsTest {
    @TempDir
    Path dir;
    PmHarness h;
    Process trader;

    @AfterEach
    void cleanUp() {
        if (trader != null) {
            trader.destroyForcibly();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anEquityDropIsAnAlertWhileNobodyWatchesThePortfolio() throws Exception {
        h = new PmHarness(dir);
        h.extra = "alerts:\n  equityDropPercent: 5\n  equityDropWindowMs: 600000\n  resolveAfterMs: 0\n";
        int port = Procs.freePort();
        trader = Procs.start(Procs.fakeTraderCommand(port, "t1", "--equity", "1000"), dir.resolve("t1.log"), Map.of());
        PmHarness.awaitAnswering(port, trader, dir.resolve("t1.log"));
        // PM never restarts it itself: the trader that comes back is the one this test starts, with less equity
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1"))
                + PmHarness.restart(100, 3, "never"));
        h.start();
        h.awaitState("t1", "HEALTHY");
        // the equity history has seen 1000 (only the accounts are read: nobody asked for the portfolio)
        await().atMost(Duration.ofSeconds(10)).until(() -> h.pm.portfolio().snapshot().total().knownEquity() != null);
        assertThat(h.pm.portfolio().readWithin(60_000)).isFalse();

        trader.destroyForcibly().waitFor();
        h.awaitState("t1", "DOWN");
        trader = Procs.start(Procs.fakeTraderCommand(port, "t1", "--equity", "900"), dir.resolve("t1b.log"), Map.of());
        PmHarness.awaitAnswering(port, trader, dir.resolve("t1b.log"));
        h.awaitState("t1", "HEALTHY");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode a : h.get("/api/alerts").body()) {
                if (a.path("title").asText().startsWith("t1: equity down 10.00%")) {
                    return true;
                }
            }
            return false;
        });
        // and still nobody counted as looking at the portfolio: positions stay unread
        assertThat(h.pm.portfolio().readWithin(60_000)).isFalse();
    }
}
