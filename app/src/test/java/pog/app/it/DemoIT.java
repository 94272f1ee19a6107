package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pog demo} as a person runs it, on free ports in a scratch directory so it can run beside a real demo:
 * it comes up detached, shows positions, adopts itself when run again, survives PM's kill -9, and
 * {@code pog demo stop} leaves nothing running.
 */
class DemoIT {
    @TempDir
    Path work;

    private final List<Long> pidsToReap = new ArrayList<>();

    @AfterEach
    void reap() throws IOException {
        // a failed assertion must not leave the detached processes behind: the demo's and PM's pid files name them
        List<Path> pidFiles = new ArrayList<>(List.of(work.resolve("var/demo/pm.pid")));
        Path run = work.resolve("var/demo/pm/run");
        if (Files.isDirectory(run)) {
            try (var files = Files.list(run)) {
                files.filter(f -> f.toString().endsWith(".pid")).forEach(pidFiles::add);
            }
        }
        for (Path f : pidFiles) {
            if (Files.exists(f)) {
                pidsToReap.add(Long.parseLong(Files.readAllLines(f).get(0).trim().split("\\s+")[0]));
            }
        }
        for (long pid : pidsToReap) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String writeConfigs() throws IOException {
        int pm = freePort();
        int a = freePort();
        int b = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = PogProcess.jar().toString();
        Files.createDirectories(work.resolve("config/demo"));
        Files.writeString(work.resolve("config/demo/pm.yaml"), """
                port: %d
                dataDir: var/demo/pm
                services:
                  - id: trader-a
                    baseUrl: http://127.0.0.1:%d
                    venue: paper
                    account: demo-a
                    command: ["%s", "-Xmx128m", "-jar", "%s", "trader", "--config", "config/demo/trader-a.yaml"]
                  - id: trader-b
                    baseUrl: http://127.0.0.1:%d
                    venue: paper
                    account: demo-b
                    command: ["%s", "-Xmx128m", "-jar", "%s", "trader", "--config", "config/demo/trader-b.yaml"]
                """.formatted(pm, a, java, jar, b, java, jar));
        for (String[] t : new String[][]{{"a", Integer.toString(a), "11"}, {"b", Integer.toString(b), "23"}}) {
            Files.writeString(work.resolve("config/demo/trader-" + t[0] + ".yaml"), """
                    service: trader-%s
                    port: %s
                    dataDir: var/demo/trader-%s
                    loopMillis: 100
                    venue: {type: paper, account: demo-%s, seed: %s, tickMillis: 100, volatility: 0.2}
                    strategy: {symbols: [BTC, ETH, SOL], barMillis: 100, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                    """.formatted(t[0], t[1], t[0], t[0], t[2]));
        }
        return "http://127.0.0.1:" + pm;
    }

    private PogProcess demo(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("demo"));
        cmd.addAll(List.of(args));
        PogProcess p = PogProcess.start(work, name, cmd);
        assertThat(p.waitFor(Duration.ofSeconds(120))).as("%s: %s %s", name, p.stdout(), p.stderr()).isZero();
        return p;
    }

    private static Map<String, Long> traderPids(String pm) throws Exception {
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode s : Http.get(pm + "/api/services").json()) {
            pids.put(s.get("id").asText(), s.get("pid").asLong());
        }
        return pids;
    }

    private static long pmPid(String pm) throws Exception {
        return Http.get(pm + "/api/status").json().get("pid").asLong();
    }

    @Test
    void demoRunsDetachedAdoptsItselfSurvivesPmKillAndStopsCleanly() throws Exception {
        String pm = writeConfigs();

        PogProcess first = demo("demo-1");
        assertThat(first.stdout()).contains("Started PM").contains("Dashboard:").contains("pog demo stop")
                .contains("Control token:");
        long pmPid = pmPid(pm);
        pidsToReap.add(pmPid);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode services = Http.get(pm + "/api/services").json();
            for (JsonNode s : services) {
                if (!s.get("state").asText().equals("HEALTHY")) {
                    return false;
                }
            }
            return services.size() == 2;
        });
        Map<String, Long> pids = traderPids(pm);
        pidsToReap.addAll(pids.values());
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Http.get(pm + "/api/portfolio").json().get("positions").size() > 0);

        // again while running: adopts, starts nothing
        PogProcess second = demo("demo-2");
        assertThat(second.stdout()).contains("already running");
        assertThat(pmPid(pm)).isEqualTo(pmPid);
        assertThat(traderPids(pm)).isEqualTo(pids);

        // PM dies hard; the traders carry on; the demo brings PM back and it adopts them
        ProcessHandle.of(pmPid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pmPid).isEmpty()
                || !ProcessHandle.of(pmPid).get().isAlive());
        for (long pid : pids.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        }
        demo("demo-3");
        long newPm = pmPid(pm);
        pidsToReap.add(newPm);
        assertThat(newPm).isNotEqualTo(pmPid);
        assertThat(traderPids(pm)).isEqualTo(pids);
        for (JsonNode s : Http.get(pm + "/api/services").json()) {
            assertThat(s.get("origin").asText()).isEqualTo("adopted");
        }

        PogProcess stop = demo("demo-stop", "stop");
        assertThat(stop.stdout()).contains("trader-a").contains("trader-b").contains("Stopped PM").contains("Demo stopped.");
        for (long pid : pidsToReap) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            assertThat(p.isEmpty() || !p.get().isAlive()).as("pid %d gone", pid).isTrue();
        }
    }
}
