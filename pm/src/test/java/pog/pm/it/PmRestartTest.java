package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.proc.Liveness;
import pog.pm.Procs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PM brings a dead trader back at once and never strands one: a zombie is dead, a silent process it waits for is
 * watched until it answers or exits, and a crash loop goes on being retried unless giving up was configured.
 */
class PmRestartTest {
    @TempDir
    Path dir;
    PmHarness h;

    @AfterEach
    void cleanUp() {
        h.close();
    }

    private List<String> story(String id) throws Exception {
        return h.events().stream()
                .filter(e -> e.path("service").asText().equals(id))
                .map(e -> e.path("kind").asText() + ":" + e.path("action").asText() + ":" + e.path("outcome").asText())
                .toList();
    }

    private long awaitNewPid(String id, long old) {
        long[] pid = new long[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode s = h.service(id);
            pid[0] = s.path("pid").asLong();
            return s.path("state").asText().equals("HEALTHY") && pid[0] != old && pid[0] != 0;
        });
        Procs.track(pid[0]);
        return pid[0];
    }

    @Test
    void shouldRestartTheFirstDeathAtOnceAndBackOffOnlyWhenItDiesAgainSoon() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        // a 60 s backoff would make the first restart miss the 20 s wait below
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1"))
                + "    restart:\n      initialBackoffMs: 60000\n      maxBackoffMs: 60000\n");
        h.start();
        h.awaitState("t1", "HEALTHY");
        long first = h.service("t1").path("pid").asLong();
        Procs.track(first);

        Procs.kill9(first);
        long second = awaitNewPid("t1", first);
        assertThat(h.service("t1").path("restarts").asInt()).isEqualTo(1);
        assertThat(h.events()).anySatisfy(e -> assertThat(e.path("detail").asText()).contains("at once (death 1"));

        Procs.kill9(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.events().stream().anyMatch(
                e -> e.path("detail").asText().contains("backoff 60000 ms (death 2")));
        JsonNode s = h.service("t1");
        assertThat(s.path("state").asText()).isEqualTo("DOWN");
        assertThat(s.path("nextRestartAt").asLong()).isGreaterThan(System.currentTimeMillis() + 30_000);
        assertThat(PmHarness.countFakeTraders(port)).isZero();
    }

    @Test
    void shouldNoticeTheDeathOfAnAdoptedTraderThatStaysAZombieAndStartItAgain() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        // the trader's parent execs into a long sleep that never reaps it: once killed, it stays a zombie, which
        // the JDK calls alive; PM is not its parent, so only the pid watch can tell
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "\"$@\" > '" + dir.resolve("adopted.log") + "' 2>&1 & echo $!; exec sleep 600", "bash"));
        cmd.addAll(Procs.fakeTraderCommand(port, "t1"));
        Process parent = Procs.start(cmd, dir.resolve("parent.log"), Map.of());
        long trader = awaitPidLine(dir.resolve("parent.log"));
        Procs.track(trader);
        await().atMost(Duration.ofSeconds(30)).until(() -> PmHarness.answers(port));
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1")));
        h.start();
        h.awaitState("t1", "HEALTHY");
        assertThat(h.service("t1").path("origin").asText()).isEqualTo("adopted");
        assertThat(h.service("t1").path("pid").asLong()).isEqualTo(trader);

        Procs.signal(trader, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> Liveness.zombie(trader));
        long next = awaitNewPid("t1", trader);
        assertThat(h.service("t1").path("origin").asText()).isEqualTo("started");
        assertThat(Liveness.zombie(trader)).as("the old one is still an unreaped zombie").isTrue();
        assertThat(story("t1")).containsSubsequence("state:HEALTHY->DOWN:DOWN", "restart:restart_scheduled:RESTART",
                "adopt:restart:START");
        assertThat(next).isNotEqualTo(trader);
        parent.destroyForcibly();
    }

    @Test
    void shouldStartATraderWhosePidFileNamesAZombie() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        // what a PM that launched this trader earlier leaves behind when its old process is not reaped yet
        Process parent = Procs.start(List.of("bash", "-c", "sleep 0.1 & echo $!; exec sleep 600"),
                dir.resolve("parent.log"), Map.of());
        long zombie = awaitPidLine(dir.resolve("parent.log"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Liveness.zombie(zombie));
        writePidFile("t1", zombie);
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1")));
        h.start();

        h.awaitState("t1", "HEALTHY");
        Procs.track(h.service("t1").path("pid").asLong());
        assertThat(story("t1")).contains("adopt:startup:START").doesNotContain("adopt:startup:WAIT");
        parent.destroyForcibly();
    }

    @Test
    void shouldWaitForASilentProcessItStartedEarlierAndStartTheTraderTheMomentItExits() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        // alive, holds no port, never answers: PM must not start a second copy beside it, nor wait forever
        Process silent = Procs.start(List.of("sleep", "600"), dir.resolve("silent.log"), Map.of());
        writePidFile("t1", silent.pid());
        h.service("t1", port, PmHarness.command(Procs.fakeTraderCommand(port, "t1")));
        h.start();

        JsonNode s = h.service("t1");
        assertThat(s.path("state").asText()).isEqualTo("DOWN");
        assertThat(s.path("detail").asText()).contains("process " + silent.pid()).contains("alive");
        long ticks = h.pm.monitor().ticks();
        await().until(() -> h.pm.monitor().ticks() >= ticks + 3);
        assertThat(PmHarness.countFakeTraders(port)).as("no second copy while it lives").isZero();

        silent.destroyForcibly();
        h.awaitState("t1", "HEALTHY");
        Procs.track(h.service("t1").path("pid").asLong());
        assertThat(story("t1")).containsSubsequence("adopt:startup:WAIT", "adopt:restart:START");
        assertThat(PmHarness.countFakeTraders(port)).isEqualTo(1);
    }

    @Test
    void shouldKeepRetryingACrashLoopAndShowItsCountAndLastError() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        h.service("t1", port, PmHarness.command(List.of("sh", "-c", "echo crashing hard; exit 1"))
                + PmHarness.restart(50, 3, "on-failure"));
        h.start();
        // one read for state and detail: the retry 50-200 ms later replaces the detail ("started as pid ..."),
        // so a second read after the state was seen could already show the next start on a loaded machine
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonNode s = h.service("t1");
            assertThat(s.path("state").asText()).isEqualTo("CRASH_LOOP");
            assertThat(s.path("detail").asText()).contains("deaths within 60000 ms; retrying in")
                    .contains("last error: crashing hard");
        });
        // it goes on: more restarts than the crash-loop threshold, each within maxBackoffMs (200 ms) of the exit
        await().atMost(Duration.ofSeconds(20)).until(() -> h.service("t1").path("restarts").asInt() >= 6);
        assertThat(story("t1")).contains("restart:crash_loop:CRASH_LOOP").doesNotContain("restart:gave_up:GIVE_UP");
        assertThat(h.events()).anySatisfy(e -> assertThat(e.path("detail").asText())
                .contains("deaths in window; retrying in 200 ms; last error: crashing hard"));
    }

    @Test
    void shouldGiveUpOnACrashLoopOnlyWhenToldTo() throws Exception {
        h = new PmHarness(dir);
        int port = Procs.freePort();
        h.service("t1", port, PmHarness.command(List.of("sh", "-c", "echo crashing; exit 1"))
                + PmHarness.restart(50, 2, "on-failure") + "      giveUpAfter: 4\n");
        h.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> h.service("t1").path("detail").asText().contains("gave up"));
        JsonNode s = h.service("t1");
        assertThat(s.path("state").asText()).isEqualTo("CRASH_LOOP");
        assertThat(s.path("restarts").asInt()).as("first start + 3 restarts = 4 deaths").isEqualTo(3);
        long ticks = h.pm.monitor().ticks();
        await().until(() -> h.pm.monitor().ticks() >= ticks + 5);
        assertThat(h.service("t1").path("restarts").asInt()).isEqualTo(3);
        assertThat(story("t1")).contains("restart:gave_up:GIVE_UP");
    }

    private void writePidFile(String id, long pid) throws Exception {
        String start = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        Files.createDirectories(h.dataDir.resolve("run"));
        Files.writeString(h.dataDir.resolve("run").resolve(id + ".pid"), pid + " " + start + "\n");
    }

    private static long awaitPidLine(Path log) {
        long[] pid = new long[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!Files.exists(log)) {
                return false;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(log)))) {
                String line = r.readLine();
                if (line == null || line.isBlank()) {
                    return false;
                }
                pid[0] = Long.parseLong(line.trim());
                return true;
            }
        });
        return pid[0];
    }
}
