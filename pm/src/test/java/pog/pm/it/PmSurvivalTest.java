package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.pm.Procs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Nothing that happens to PM stops a trader; PM brings back a trader that died (more in PmRestartTest). */
class PmSurvivalTest {
    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    @Test
    void shouldLeaveTradersRunningThroughPmKill9SigtermSigintAndHangupAndAdoptThemEachTime() throws Exception {
        h = new PmHarness(dir);
        int p1 = Procs.freePort();
        int p2 = Procs.freePort();
        h.service("t1", p1, PmHarness.command(Procs.fakeTraderCommand(p1, "t1")))
                .service("t2", p2, PmHarness.command(Procs.fakeTraderCommand(p2, "t2")));

        Process pm1 = h.startJvm();
        h.awaitState("t1", "HEALTHY");
        h.awaitState("t2", "HEALTHY");
        long pid1 = h.service("t1").path("pid").asLong();
        long pid2 = h.service("t2").path("pid").asLong();
        Procs.track(pid1);
        Procs.track(pid2);
        assertThat(h.service("t1").path("origin").asText()).isEqualTo("started");
        String pidFile1 = Files.readString(dir.resolve("data/run/t1.pid"));

        Procs.kill9(pm1.pid());
        assertTradersUntouched(p1, pid1, p2, pid2);

        for (String signal : List.of("TERM", "INT")) {
            Process pm = h.startJvm();
            JsonNode t1 = h.service("t1");
            JsonNode t2 = h.service("t2");
            assertThat(t1.path("origin").asText()).isEqualTo("adopted");
            assertThat(t2.path("origin").asText()).isEqualTo("adopted");
            assertThat(t1.path("pid").asLong()).isEqualTo(pid1);
            assertThat(t2.path("pid").asLong()).isEqualTo(pid2);
            assertThat(Files.readString(dir.resolve("data/run/t1.pid"))).as("nothing launched").isEqualTo(pidFile1);

            Procs.signal(pm.pid(), signal);
            assertThat(pm.waitFor(20, TimeUnit.SECONDS)).as("PM exits on SIG" + signal).isTrue();
            assertTradersUntouched(p1, pid1, p2, pid2);
        }

        // a terminal that closes sends SIGHUP to its whole foreground process group: PM's group, never the traders'
        Process pm = h.startJvm(true);
        assertThat(h.service("t1").path("pid").asLong()).isEqualTo(pid1);
        Procs.signal(-pm.pid(), "HUP");
        assertThat(pm.waitFor(20, TimeUnit.SECONDS)).as(() -> "PM's process group hung up; PM's log:\n"
                + tail(dir.resolve("pm-jvm.log"))).isTrue();
        assertTradersUntouched(p1, pid1, p2, pid2);
    }

    private static String tail(Path log) {
        try {
            java.util.List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void assertTradersUntouched(int p1, long pid1, int p2, long pid2) throws Exception {
        assertThat(Procs.alive(pid1)).isTrue();
        assertThat(Procs.alive(pid2)).isTrue();
        assertThat(PmHarness.health(p1).path("pid").asLong()).isEqualTo(pid1);
        assertThat(PmHarness.health(p2).path("pid").asLong()).isEqualTo(pid2);
        assertThat(PmHarness.countFakeTraders(p1, p2)).as("no new trader processes").isEqualTo(2);
    }

    @Test
    void shouldRestartATraderKilledWithSignal9AtOnce() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1"))
                + PmHarness.restart(400, 5, "on-failure"));
        h.start();
        h.awaitState("t1", "HEALTHY");
        long first = h.service("t1").path("pid").asLong();
        Procs.track(first);

        Procs.kill9(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode s = h.service("t1");
            return s.path("state").asText().equals("HEALTHY") && s.path("pid").asLong() != first;
        });
        JsonNode s = h.service("t1");
        Procs.track(s.path("pid").asLong());
        assertThat(s.path("restarts").asInt()).isEqualTo(1);
        assertThat(s.path("origin").asText()).isEqualTo("started");
        List<String> story = h.events().stream()
                .filter(e -> e.path("service").asText().equals("t1"))
                .map(e -> e.path("kind").asText() + ":" + e.path("action").asText() + ":" + e.path("outcome").asText())
                .toList();
        assertThat(story).containsSubsequence(
                "state:STARTING->HEALTHY:HEALTHY",
                "state:HEALTHY->DOWN:DOWN",
                "restart:restart_scheduled:RESTART",
                "state:DOWN->STARTING:STARTING",
                "adopt:restart:START",
                "state:STARTING->HEALTHY:HEALTHY");
        assertThat(h.events()).anySatisfy(e -> assertThat(e.path("detail").asText()).contains("at once (death 1 in window)"));
        assertThat(PmHarness.countFakeTraders(port)).isEqualTo(1);
    }
}
