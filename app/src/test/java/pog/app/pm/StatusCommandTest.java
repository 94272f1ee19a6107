package pog.app.pm;

import org.junit.jupiter.api.Test;
import pog.common.json.Json;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {
    @Test
    void shouldShowAFailedTradersExitCodeAndItsOwnLine() throws Exception {
        String line = "config error: config/trader-hl.yaml: venue: key file var/hyperliquid.key does not exist";
        String services = Json.write(java.util.List.of(
                java.util.Map.of("id", "trader-hl", "state", "FAILED", "origin", "started", "consecutiveFailures", 3,
                        "restarts", 0, "exitCode", 2, "lastError", line,
                        "detail", line + " (exit 2: bad configuration; not restarted until an explicit start)"),
                java.util.Map.of("id", "trader-paper", "state", "HALTED", "origin", "adopted", "pid", 77,
                        "lastOkAt", 1_000L, "consecutiveFailures", 0, "restarts", 0,
                        "detail", "halted: daily loss 500.00 of 500.00 USDC since 12:03")));
        StringWriter out = new StringWriter();
        StatusCommand.printFromPm(new PrintWriter(out), Json.mapper().readTree(services), 2_000L);
        String[] rows = out.toString().split("\n");
        assertThat(rows[0]).contains("STATE").contains("EXIT").contains("DETAIL");
        assertThat(rows[1]).contains("trader-hl").contains("FAILED").containsPattern("\\s2\\s").contains(line);
        assertThat(rows[2]).contains("HALTED").contains("daily loss 500.00").contains("1.0s ago");
    }
}
