package pog.pm.it;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.auth.ControlToken;
import pog.common.json.Json;
import pog.pm.PmService;
import pog.pm.Procs;
import pog.pm.config.PmConfig;
import pog.pm.launch.PidFile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One PM under test: writes a pm.yaml with fast test timings into a temp dir, runs PM in this JVM (or hands the
 * file to a PM JVM), talks HTTP to it, and kills every process the test caused when done.
 */
final class PmHarness implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final Path dataDir;
    final List<String> services = new ArrayList<>();
    String extra = "";
    int pmPort;
    PmService pm;
    String baseUrl;

    PmHarness(Path dir) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
    }

    /** Adds a service; {@code yaml} is extra indented keys ("    key: value\n"). */
    PmHarness service(String id, int port, String yaml) {
        services.add("  - id: " + id + "\n    baseUrl: http://127.0.0.1:" + port + "\n" + yaml);
        return this;
    }

    static String command(List<String> cmd) {
        StringBuilder b = new StringBuilder("    command:\n");
        for (String c : cmd) {
            b.append("      - '").append(c.replace("'", "''")).append("'\n");
        }
        return b.toString();
    }

    static String restart(long backoffMs, int crashLoopMax, String policy) {
        return "    restart:\n      policy: " + policy + "\n      initialBackoffMs: " + backoffMs
                + "\n      maxBackoffMs: " + (backoffMs * 4) + "\n      crashLoopMax: " + crashLoopMax
                + "\n      crashLoopWindowMs: 60000\n";
    }

    Path writeConfig() throws IOException {
        String yaml = "bind: 127.0.0.1\nport: " + pmPort + "\ndataDir: '" + dataDir + "'\ncontrolTokenFile: '"
                + dir.resolve("token") + "'\n"
                + "monitor:\n  intervalMs: 200\n  timeoutMs: 500\n  staleAfterMs: 4000\n  downAfterFailures: 2\n"
                + "  startTimeoutMs: 20000\n  portfolioIntervalMs: 200\n"
                + "history:\n  sampleIntervalMs: 300\n"
                + extra
                + "services:\n" + String.join("", services);
        Path f = dir.resolve("pm.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    PmService start() throws IOException {
        PmConfig config = PmConfig.load(writeConfig());
        pm = PmService.start(config, Clock.systemUTC(), ControlToken.of(Procs.TOKEN));
        baseUrl = pm.baseUrl();
        return pm;
    }

    /** PM as its own JVM on a fixed port, for the tests that kill it. */
    Process startJvm() throws IOException {
        return startJvm(false);
    }

    /** Whether this system's env can reset a signal to its default (GNU coreutils 8.31 and later). */
    private static final boolean RESETS_SIGNALS = resetsSignals();

    private static boolean resetsSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=HUP", "true").redirectErrorStream(true).start();
            return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @param ownSession run PM as the leader of a new session and process group, as a login shell's job would be */
    Process startJvm(boolean ownSession) throws IOException {
        if (pmPort == 0) {
            pmPort = Procs.freePort();
        }
        Path config = writeConfig();
        List<String> cmd = new ArrayList<>();
        if (ownSession) {
            cmd.add("setsid");
        }
        if (RESETS_SIGNALS) {
            // a test run under nohup or as a background job of a script (a CI runner, a detached shell) would pass
            // SIGHUP or SIGINT ignored on to PM, and an ignored signal cannot be handled: PM starts with the
            // defaults, as from a login shell, so that the signals these tests send are the ones a user's are
            cmd.addAll(List.of("env", "--default-signal=HUP,INT"));
        }
        cmd.addAll(Procs.javaCommand(pog.pm.PmMain.class, config.toString()));
        Process p = Procs.start(cmd, dir.resolve("pm-jvm.log"), Map.of());
        baseUrl = "http://127.0.0.1:" + pmPort;
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("PM JVM exited: " + Files.readString(dir.resolve("pm-jvm.log")));
            }
            // the monitor runs once every trader has been probed and adopted, conflicted or started
            return statusOf("/api/status") == 200 && get("/api/status").body().path("monitor").asText().equals("running");
        });
        return p;
    }

    void closePm() {
        if (pm != null) {
            pm.close();
            pm = null;
        }
    }

    record Reply(int status, JsonNode body) {
    }

    int statusOf(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    Reply get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), parse(r));
    }

    String getText(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    Reply post(String path, String body, String token) throws IOException, InterruptedException {
        return post(path, body, token, Map.of());
    }

    Reply post(String path, String body, String token, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), parse(r));
    }

    private static JsonNode parse(HttpResponse<String> r) throws IOException {
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (!ct.startsWith("application/json")) {
            throw new AssertionError("expected JSON, got " + ct + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    JsonNode service(String id) throws IOException, InterruptedException {
        Reply r = get("/api/services/" + id);
        if (r.status() != 200) {
            throw new AssertionError("GET service " + id + ": " + r.status() + " " + r.body());
        }
        return r.body();
    }

    String state(String id) {
        try {
            return service(id).path("state").asText();
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    void awaitState(String id, String state) {
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> state(id), state::equals);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String story;
            try {
                story = service(id) + "\n" + String.join("\n", events().stream().map(JsonNode::toString).toList());
            } catch (Exception ex) {
                story = ex.toString();
            }
            throw new AssertionError("service " + id + " never reached " + state + ":\n" + story, e);
        }
    }

    List<JsonNode> events() throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        get("/api/events?limit=5000").body().forEach(out::add);
        return out;
    }

    boolean hasPidFile(String id) {
        return Files.exists(PidFile.of(dataDir, id));
    }

    static boolean answers(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until a trader the test started answers; fails at once, with its log, if it exits instead. */
    static void awaitAnswering(int port, Process trader, Path log) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!trader.isAlive()) {
                throw new AssertionError("trader on port " + port + " exited with " + trader.exitValue() + ": "
                        + (Files.exists(log) ? Files.readString(log) : "no log"));
            }
            return answers(port);
        });
    }

    static JsonNode health(int port) throws IOException, InterruptedException {
        return Json.mapper().readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Every fake trader JVM that runs with this test's temp dir or ports in its command line. */
    static long countFakeTraders(int... ports) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
            String cmd = p.info().commandLine().orElse("");
            if (!cmd.contains("pog.pm.FakeTrader")) {
                return false;
            }
            for (int port : ports) {
                if (cmd.contains("--port " + port + " ")) {
                    return true;
                }
            }
            return false;
        }).count();
    }

    /** Closes PM and ends every process the test caused: tracked ones, PM-launched ones (pid files), and their trees. */
    @Override
    public void close() {
        closePm();
        try (Stream<Path> files = Files.exists(dataDir.resolve("run")) ? Files.list(dataDir.resolve("run")) : Stream.empty()) {
            files.filter(f -> f.toString().endsWith(".pid"))
                    .forEach(f -> PidFile.alive(f).ifPresent(h -> Procs.track(h.pid())));
        } catch (IOException e) {
            // nothing launched
        }
        Procs.killAll();
    }
}
