package pog.pm.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;
import pog.pm.PmMain;
import pog.pm.Procs;
import pog.pm.launch.PidFile;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * PM as its own JVM (so it can be killed -9 and started again on the same port) watching fake traders that PM
 * itself launched in their own sessions, as in production. Every process it causes is ended by {@link #close}.
 */
final class PmUnderTest implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final Path dir;
    final int port;
    final List<String> ids = new ArrayList<>();
    /** The state {@link #start} waits for, per trader: HEALTHY unless {@link #expect} says otherwise. */
    private final Map<String, String> expected = new java.util.HashMap<>();
    private final StringBuilder services = new StringBuilder();
    /** Top-level YAML added to PM's config (e.g. an alerts block). */
    String extra = "";
    Process pm;

    PmUnderTest(Path dir) throws IOException {
        this.dir = dir;
        this.port = Procs.freePort();
    }

    /** A fake trader PM starts at its own start; {@code extra} are FakeTrader flags. */
    PmUnderTest trader(String id, String name, String... extra) throws IOException {
        int p = Procs.freePort();
        ids.add(id);
        expected.put(id, "HEALTHY");
        services.append("  - id: ").append(id).append("\n    name: '").append(name).append("'\n")
                .append("    baseUrl: http://127.0.0.1:").append(p).append("\n    command:\n");
        for (String c : Procs.fakeTraderCommand(p, id, extra)) {
            services.append("      - '").append(c.replace("'", "''")).append("'\n");
        }
        services.append("    restart:\n      policy: never\n");
        return this;
    }

    /** {@link #start} waits for this state of the trader instead of HEALTHY. */
    PmUnderTest expect(String id, String state) {
        expected.put(id, state);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Starts the PM JVM and waits until it has adopted or started every trader and each is in its expected state. */
    PmUnderTest start() throws Exception {
        Path config = dir.resolve("pm.yaml");
        Files.writeString(config, "bind: 127.0.0.1\nport: " + port + "\ndataDir: '" + dir.resolve("data")
                + "'\ncontrolTokenFile: '" + dir.resolve("token") + "'\n"
                + "monitor:\n  intervalMs: 250\n  timeoutMs: 500\n  staleAfterMs: 2000\n  portfolioIntervalMs: 250\n"
                + "history:\n  sampleIntervalMs: 300\n"
                + "stop:\n  graceMs: 5000\n  termMs: 2000\n"
                + extra
                + "services:\n" + services);
        pm = Procs.start(Procs.javaCommand(PmMain.class, config.toString()), dir.resolve("pm.log"), Map.of());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!allHealthy()) {
            if (!pm.isAlive()) {
                throw new AssertionError("PM exited: " + Files.readString(dir.resolve("pm.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("traders not " + expected + " within 60 s: " + servicesOrError());
            }
            Thread.sleep(50);
        }
        trackTraders();
        return this;
    }

    void kill9() {
        Procs.kill9(pm.pid());
    }

    /** The pids of the traders as PM's pid files name them, so {@link #close} can end them. */
    private void trackTraders() {
        Path run = dir.resolve("data/run");
        try (Stream<Path> files = Files.exists(run) ? Files.list(run) : Stream.empty()) {
            files.filter(f -> f.toString().endsWith(".pid"))
                    .forEach(f -> PidFile.alive(f).ifPresent(h -> Procs.track(h.pid())));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + run, e);
        }
    }

    boolean allHealthy() {
        try {
            JsonNode all = get("/api/services");
            if (all.size() != ids.size()) {
                return false;
            }
            for (JsonNode s : all) {
                if (!s.path("state").asText().equals(expected.get(s.path("id").asText()))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The trader's pid as PM reports it. */
    long pid(String id) throws IOException, InterruptedException {
        return get("/api/services/" + id).path("pid").asLong();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    private String servicesOrError() {
        try {
            return get("/api/services").toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        trackTraders();
        Procs.killAll();
    }
}
