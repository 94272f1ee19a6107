package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pog.pm.Procs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trader PM launched that exits with a code saying a restart cannot help (2 bad configuration, 3 already running,
 * 4 account held, 5 damaged state) is FAILED after exactly one start, with its own last line; a crash is still
 * restarted; an explicit start of a still-broken trader says why it failed, and once fixed it is the way out.
 */
class PmFailedTraderTest {
    private static final String CONFIG_ERROR =
            "config error: config/trader-hl.yaml: venue.keyFile: var/keys/hl.key does not exist";

    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    /** A fake trader PM launches, broken with {@code code} and {@code line} while its fail file exists. */
    private Path brokenTrader(String id, int port, int code, String line, long backoffMs, int crashLoopMax)
            throws Exception {
        Path failFile = dir.resolve(id + ".fail");
        Files.writeString(failFile, code + "\n" + line + "\n");
        h.service(id, port, PmHarness.command(Procs.fakeTraderCommand(port, id, "--fail-file", failFile.toString()))
                + PmHarness.restart(backoffMs, crashLoopMax, "on-failure"));
        return failFile;
    }

    private List<JsonNode> events(String id, String kind) throws Exception {
        return h.events().stream().filter(e -> id.equals(e.path("service").asText()))
                .filter(e -> kind.equals(e.path("kind").asText())).toList();
    }

    /** The monitor had many chances to restart it (each far longer than the backoff): it did not. */
    private void letTheMonitorLookAgain(int rounds) {
        long ticks = h.pm.monitor().ticks();
        await().until(() -> h.pm.monitor().ticks() >= ticks + rounds);
    }

    @ParameterizedTest(name = "exit {0}")
    @CsvSource(delimiter = '|', value = {
            "2|" + CONFIG_ERROR,
            "3|error: var/trader-hl is locked by another instance (pid 4242); not starting a second one",
            "4|error: venue account 0xabc is traded by trader-x (pid 77); one trader per account",
            "5|error: var/trader-hl/journal.db is damaged; nothing was changed; move it aside to rebuild from the venue"})
    void shouldMarkATraderThatExitsWithAPermanentCodeFailedAfterOneStartAndNeverRestartIt(int code, String line)
            throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        brokenTrader("t1", port, code, line, 100, 5);
        h.start();

        h.awaitState("t1", "FAILED");
        JsonNode s = h.service("t1");
        assertThat(s.path("exitCode").asInt()).isEqualTo(code);
        assertThat(s.path("lastError").asText()).as("the trader's own last line, not the usage hint").isEqualTo(line);
        assertThat(s.path("detail").asText()).contains(line).contains("exit " + code);
        assertThat(s.path("pid").isNull()).isTrue();

        letTheMonitorLookAgain(10);
        assertThat(h.state("t1")).isEqualTo("FAILED");
        assertThat(h.service("t1").path("restarts").asInt()).isZero();
        assertThat(events("t1", "adopt")).as("exactly one start").hasSize(1)
                .allMatch(e -> e.path("outcome").asText().equals("START"));
        assertThat(events("t1", "restart")).as("no restart was even planned").isEmpty();
        assertThat(events("t1", "launch")).anyMatch(e -> e.path("outcome").asText().equals("FAILED")
                && e.path("detail").asText().contains("exit code " + code) && e.path("detail").asText().contains(line));
        assertThat(events("t1", "state")).anyMatch(e -> e.path("outcome").asText().equals("FAILED")
                && e.path("detail").asText().contains(line));
        assertThat(h.getText("/metrics")).contains("pog_pm_service_state{service=\"t1\",state=\"FAILED\"} 1");
    }

    @Test
    void shouldStillRestartATraderThatCrashesWithExitOneAndNameItsLastLine() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        brokenTrader("t1", port, 1, "error: venue answered HTTP 502 three times", 100, 3);
        h.start();

        h.awaitState("t1", "CRASH_LOOP");
        JsonNode s = h.service("t1");
        assertThat(s.path("restarts").asInt()).as("a crash is restarted until the crash loop").isEqualTo(2);
        assertThat(events("t1", "adopt")).hasSize(3);
        assertThat(s.path("detail").asText()).contains("3 deaths").contains("error: venue answered HTTP 502");
        assertThat(s.path("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void shouldStillRestartATraderKilledWithSigkill() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        brokenTrader("t1", port, 2, CONFIG_ERROR, 100, 5);
        Files.delete(dir.resolve("t1.fail"));
        h.start();
        h.awaitState("t1", "HEALTHY");
        long pid = h.service("t1").path("pid").asLong();

        Procs.kill9(pid);
        await().until(() -> h.service("t1").path("restarts").asInt() == 1);
        h.awaitState("t1", "HEALTHY");
        assertThat(h.service("t1").path("pid").asLong()).isNotEqualTo(pid);
        assertThat(events("t1", "launch")).anyMatch(e -> e.path("detail").asText().contains("exit code 137")
                && e.path("outcome").asText().equals("exited"));
    }

    @Test
    void shouldAnswerAnExplicitStartOfAStillBrokenTraderWithItsErrorAndLetAFixedOneStart() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        Path failFile = brokenTrader("t1", port, 2, CONFIG_ERROR, 100, 5);
        h.start();
        h.awaitState("t1", "FAILED");

        PmHarness.Reply r = h.post("/api/services/t1/start", "", Procs.TOKEN);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().path("error").asText()).isEqualTo("start failed");
        assertThat(r.body().path("detail").asText()).contains("exited with code 2 (bad configuration)")
                .contains(CONFIG_ERROR).contains("will not restart it");
        assertThat(h.state("t1")).isEqualTo("FAILED");
        assertThat(events("t1", "adopt")).as("the explicit start launched it once more").hasSize(2);
        assertThat(events("t1", "audit")).anyMatch(e -> e.path("action").asText().equals("start")
                && e.path("outcome").asText().equals("failed") && e.path("detail").asText().contains(CONFIG_ERROR));
        letTheMonitorLookAgain(5);
        assertThat(events("t1", "adopt")).as("and nothing after it").hasSize(2);

        // the person fixes the configuration: an explicit start is the way out of FAILED
        Files.delete(failFile);
        PmHarness.Reply ok = h.post("/api/services/t1/start", "", Procs.TOKEN);
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
        assertThat(ok.body().path("outcome").asText()).isEqualTo("started");
        assertThat(ok.body().path("detail").asText()).contains("it answers");
        h.awaitState("t1", "HEALTHY");
        JsonNode s = h.service("t1");
        assertThat(s.path("lastError").isNull()).as("a new life: the old error no longer describes it").isTrue();
        assertThat(s.path("exitCode").isNull()).isTrue();
    }
}
