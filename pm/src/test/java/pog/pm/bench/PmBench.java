package pog.pm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;
import pog.pm.FakeTrader;
import pog.pm.PmMain;
import pog.pm.Procs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PM numbers of docs/pm.md, measured with real processes (not a test; nothing asserted):
 * {@code java -cp <test classpath> pog.pm.bench.PmBench}.
 */
public final class PmBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private PmBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            coldStart(2);
            coldStart(200);
            deathAndRecovery();
        } finally {
            Procs.killAll();
        }
        System.exit(0);
    }

    private static void coldStart(int n) throws Exception {
        Path dir = Files.createTempDirectory("pm-bench");
        int base = 20_000 + (int) (Math.random() * 20_000);
        StringBuilder services = new StringBuilder();
        if (n <= 2) {
            for (int i = 0; i < n; i++) {
                Procs.start(Procs.fakeTraderCommand(base + i, "t" + i), dir.resolve("t" + i + ".log"), Map.of());
            }
        } else {
            Procs.start(Procs.javaCommand(FakeTraderFarm.class, Integer.toString(n), Integer.toString(base)),
                    dir.resolve("farm.log"), Map.of());
        }
        for (int i = 0; i < n; i++) {
            services.append("  - id: t").append(i).append("\n    baseUrl: http://127.0.0.1:").append(base + i)
                    .append("\n    command: ['true']\n    autostart: false\n");
        }
        for (int i = 0; i < n; i++) {
            while (status("http://127.0.0.1:" + (base + i) + "/api/health") != 200) {
                Thread.sleep(20);
            }
        }
        int pmPort = Procs.freePort();
        Path config = dir.resolve("pm.yaml");
        Files.writeString(config, "port: " + pmPort + "\ndataDir: '" + dir.resolve("data") + "'\ncontrolTokenFile: '"
                + dir.resolve("token") + "'\nservices:\n" + services);
        String url = "http://127.0.0.1:" + pmPort;
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(Procs.java()));
        String opts = System.getProperty("pm.jvm.opts", "");
        if (!opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PmMain.class.getName(), config.toString()));
        Process pm = Procs.start(cmd, dir.resolve("pm.log"), Map.of());
        while (!allAdopted(url, n)) {
            Thread.sleep(5);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(10_000);
        System.out.printf("cold start, %d traders: /api/status 200 with all adopted after %d ms (JVM start included); "
                + "RSS after 10 s of monitoring %d MiB%n", n, ms, rssMiB(pm.pid()));
        Procs.killAll();
    }

    private static void deathAndRecovery() throws Exception {
        Path dir = Files.createTempDirectory("pm-bench");
        int port = Procs.freePort();
        int pmPort = Procs.freePort();
        StringBuilder cmd = new StringBuilder();
        for (String c : List.of(Procs.java(), "-cp", System.getProperty("java.class.path"), FakeTrader.class.getName(),
                "--port", Integer.toString(port), "--service", "t1")) {
            cmd.append("      - '").append(c).append("'\n");
        }
        Path config = dir.resolve("pm.yaml");
        Files.writeString(config, "port: " + pmPort + "\ndataDir: '" + dir.resolve("data") + "'\ncontrolTokenFile: '"
                + dir.resolve("token") + "'\nservices:\n  - id: t1\n    baseUrl: http://127.0.0.1:" + port
                + "\n    command:\n" + cmd);
        String url = "http://127.0.0.1:" + pmPort;
        Procs.start(List.of(Procs.java(), "-cp", System.getProperty("java.class.path"), PmMain.class.getName(),
                config.toString()), dir.resolve("pm.log"), Map.of());
        List<Long> down = new ArrayList<>();
        List<Long> healthy = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            JsonNode s = awaitState(url, "HEALTHY", -1);
            long pid = s.path("pid").asLong();
            Procs.track(pid);
            Thread.sleep(2_000);
            long t0 = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            awaitState(url, "DOWN", -1);
            down.add((System.nanoTime() - t0) / 1_000_000);
            JsonNode back = awaitState(url, "HEALTHY", pid);
            healthy.add((System.nanoTime() - t0) / 1_000_000);
            Procs.track(back.path("pid").asLong());
        }
        System.out.println("trader kill -9 -> DOWN (ms): " + down + "; -> HEALTHY again, new pid (ms): " + healthy
                + " (default config: backoff 500 ms doubling, pid scan 200 ms, check every 1000 ms)");
        Procs.killAll();
    }

    private static JsonNode awaitState(String url, String state, long notPid) throws Exception {
        while (true) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/services/t1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode s = Json.mapper().readTree(r.body());
                    if (s.path("state").asText().equals(state) && s.path("pid").asLong() != notPid) {
                        return s;
                    }
                }
            } catch (java.io.IOException e) {
                // PM not up yet
            }
            Thread.sleep(2);
        }
    }

    private static boolean allAdopted(String url, int n) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/services")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || status(url + "/api/status") != 200) {
                return false;
            }
            JsonNode list = Json.mapper().readTree(r.body());
            int adopted = 0;
            for (JsonNode s : list) {
                if ("adopted".equals(s.path("origin").asText())) {
                    adopted++;
                }
            }
            return adopted == n;
        } catch (Exception e) {
            return false;
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
