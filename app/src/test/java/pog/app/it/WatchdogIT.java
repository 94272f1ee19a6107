package pog.app.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code pog watchdog} as cron and a person run it: real processes, its exit codes, and never a second PM. */
class WatchdogIT {
    @TempDir
    Path work;

    private Path config;
    private int port;

    @AfterEach
    void reap() {
        String mark = work.toAbsolutePath().toString();
        List<ProcessHandle> ours = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false)).toList();
        ours.forEach(ProcessHandle::destroyForcibly);
        ours.forEach(p -> p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    private void writeConfig() throws IOException {
        port = Ports.stable();
        config = work.toAbsolutePath().resolve("pm.yaml");
        Files.writeString(config, "port: " + port + "\ndataDir: var/pm\n");
    }

    private PogProcess watchdog(String name, Map<String, String> env, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return WatchdogProcess.start(work, name, all, env);
    }

    private int once(String name, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--once"));
        all.addAll(List.of(args));
        PogProcess p = watchdog(name, Map.of(), all.toArray(String[]::new));
        return p.waitFor(Duration.ofSeconds(120));
    }

    private List<Long> pms() {
        String c = config.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("pm") && List.of(a).contains(c))
                        .orElse(false)).map(ProcessHandle::pid).toList();
    }

    private String read(String file) throws IOException {
        Path p = work.resolve(file);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Test
    void shouldStartPmWhenNothingListensThenFindItUpAndNeverStartASecondCopy() throws Exception {
        writeConfig();
        assertThat(once("first")).as(read("first.out") + read("first.err")).isZero();
        assertThat(read("first.out")).contains("started PM").contains("PM answers");
        assertThat(pms()).hasSize(1);
        long pm = pms().get(0);
        assertThat(Http.get("http://127.0.0.1:" + port + "/api/status").json().get("pid").asLong()).isEqualTo(pm);
        assertThat(read("var/pm/watchdog.log")).contains("event=pm_started").contains("event=pm_ready");
        assertThat(read("var/pm/pm.out")).contains("pm listening on");

        assertThat(once("second")).isZero();
        assertThat(read("second.out")).contains("PM is up (pid " + pm + ")").doesNotContain("started");
        assertThat(pms()).containsExactly(pm);

        // killed; a start given no time to answer counts as failed (exit 1), and the next run waits for that PM
        ProcessHandle.of(pm).orElseThrow().destroyForcibly();
        // until its last thread is gone it may still hold PM's lock, and the watchdog rightly waits for it
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pm).map(p -> !p.isAlive()).orElse(true));
        assertThat(once("impatient", "--start-timeout-ms", "1")).isEqualTo(1);
        assertThat(read("impatient.out")).contains("start failed").contains("did not answer within 1 ms");
        List<Long> started = pms();
        assertThat(started).hasSize(1);
        assertThat(once("patient")).as(read("patient.out")).isZero();
        assertThat(pms()).as("the PM started before, not a second one").isEqualTo(started);
    }

    @Test
    void shouldReportAConflictAndStartNothingWhenSomethingElseHoldsPmsPort() throws Exception {
        writeConfig();
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
            assertThat(once("conflict")).isEqualTo(3);
        }
        assertThat(read("conflict.out")).contains("CONFLICT").contains("not starting PM");
        assertThat(read("var/pm/watchdog.log")).contains("event=pm_conflict");
        assertThat(pms()).isEmpty();
    }

    @Test
    void shouldExitOneWhenPmCannotStart() throws Exception {
        writeConfig();
        // PM refuses a weak control token (exit 2 in pm.out); the watchdog does not read it
        PogProcess p = watchdog("weak", Map.of("POG_CONTROL_TOKEN", "short"), "--once");
        assertThat(p.waitFor(Duration.ofSeconds(120))).as(p.stdout() + p.stderr()).isEqualTo(1);
        assertThat(p.stdout()).contains("start failed").contains("exited before answering");
        assertThat(read("var/pm/pm.out")).contains("control token");
        assertThat(pms()).isEmpty();
    }

    @Test
    void shouldExitTwoOnABadConfigOrAPortThatCannotBeWatched() throws Exception {
        writeConfig();
        PogProcess missing = WatchdogProcess.start(work, "missing", List.of("--once", "--config", "nope.yaml"));
        assertThat(missing.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(missing.stderr()).contains("nope.yaml");
        Files.writeString(config, "port: 0\n");
        assertThat(once("zero")).isEqualTo(2);
        assertThat(read("zero.err")).contains("port: 0");
        assertThat(once("badflag", "--interval-ms", "0")).isEqualTo(2);
    }

    @Test
    void shouldLeavePmRunningWhenTheLoopIsStopped() throws Exception {
        writeConfig();
        PogProcess loop = watchdog("loop", Map.of());
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> pms().size() == 1
                && Http.get("http://127.0.0.1:" + port + "/api/status").status() == 200);
        long pm = pms().get(0);
        loop.term();
        assertThat(loop.waitFor(Duration.ofSeconds(30))).isZero();
        assertThat(loop.stdout()).contains("stopped (PM left running)");
        assertThat(ProcessHandle.of(pm).map(ProcessHandle::isAlive)).contains(true);
        assertThat(read("var/pm/watchdog.log")).contains("event=watchdog_started").contains("event=watchdog_stopped");
    }
}
