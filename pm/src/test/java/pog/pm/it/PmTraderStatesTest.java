package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.pm.Procs;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A risk-halted, an operator-paused and a degraded trader read as three different states, in both health shapes. */
class PmTraderStatesTest {
    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    private int running(String id, String... flags) throws Exception {
        int port = Procs.freePort();
        Process p = Procs.start(Procs.fakeTraderCommand(port, id, flags), dir.resolve(id + ".log"), Map.of());
        PmHarness.awaitAnswering(port, p, dir.resolve(id + ".log"));
        h.service(id, port, PmHarness.command(Procs.fakeTraderCommand(port, id, flags)));
        return port;
    }

    @Test
    void shouldShowHaltedPausedAndDegradedApartWithTheTradersReason() throws Exception {
        h = new PmHarness(dir);
        String why = "daily loss 500.00 of 500.00 USDC since 12:03; positions stay protected";
        running("halted-new", "--status", "halted", "--paused", "false", "--halt-reason", why);
        running("paused-new", "--status", "paused", "--paused", "true");
        running("paused-old", "--status", "halted", "--paused", "true");
        running("degraded", "--unprotected");
        h.start();

        h.awaitState("halted-new", "HALTED");
        h.awaitState("paused-new", "PAUSED");
        h.awaitState("paused-old", "PAUSED");
        h.awaitState("degraded", "DEGRADED");
        assertThat(h.service("halted-new").path("detail").asText()).isEqualTo("halted: " + why);
        assertThat(h.service("paused-old").path("detail").asText()).contains("paused");
        assertThat(h.service("degraded").path("detail").asText()).contains("protection");
        assertThat(h.events()).anyMatch(e -> e.path("kind").asText().equals("state")
                && e.path("service").asText().equals("halted-new") && e.path("outcome").asText().equals("HALTED")
                && e.path("detail").asText().contains(why));
        assertThat(h.events()).anyMatch(e -> e.path("kind").asText().equals("state")
                && e.path("service").asText().equals("paused-old") && e.path("outcome").asText().equals("PAUSED"));
        JsonNode halted = h.service("halted-new");
        assertThat(halted.path("origin").asText()).as("answering: adopted, never restarted").isEqualTo("adopted");
        assertThat(h.getText("/metrics")).contains("pog_pm_service_state{service=\"paused-new\",state=\"PAUSED\"} 1");
    }
}
