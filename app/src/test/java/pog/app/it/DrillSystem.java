package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo system on free ports in a scratch directory, run the way a host runs it: {@code pog watchdog} keeps PM
 * alive, PM starts and adopts two fast paper traders. Every process it leads to carries the scratch directory in its
 * command line, so {@link #reap} finds them all, whatever state a failed test left them in.
 */
final class DrillSystem {
    /** One trader: its id, port, config and data directory. */
    record Trader(String id, int port, Path config, Path dataDir) {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        Path log() {
            return dataDir.resolve("trader.log");
        }
    }

    final Path work;
    final Path pmConfig;
    final Path pmData;
    final int pmPort;
    final String pmUrl;
    final Map<String, Trader> traders = new LinkedHashMap<>();
    private PogProcess watchdog;

    private DrillSystem(Path work, int pmPort) {
        this.work = work.toAbsolutePath();
        this.pmPort = pmPort;
        this.pmUrl = "http://127.0.0.1:" + pmPort;
        this.pmConfig = this.work.resolve("config/pm.yaml");
        this.pmData = this.work.resolve("var/pm");
    }


    /** Writes pm.yaml and one config per trader (fast bars, so they trade within seconds). */
    static DrillSystem write(Path work, String... traderIds) throws IOException {
        DrillSystem s = new DrillSystem(work, Ports.stable());
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = PogProcess.jar().toString();
        Files.createDirectories(s.work.resolve("config"));
        StringBuilder pm = new StringBuilder("""
                port: %d
                dataDir: var/pm
                monitor: {intervalMs: 500, timeoutMs: 800, staleAfterMs: 5000, downAfterFailures: 2}
                services:
                """.formatted(s.pmPort));
        int seed = 11;
        for (String id : traderIds) {
            Trader t = new Trader(id, Ports.stable(), s.work.resolve("config/" + id + ".yaml"), s.work.resolve("var/" + id));
            s.traders.put(id, t);
            Files.writeString(t.config(), """
                    service: %s
                    port: %d
                    dataDir: %s
                    loopMillis: 200
                    venue: {type: paper, account: drill-%s, seed: %d, tickMillis: 200, volatility: 0.2, startingBalance: 1000000}
                    strategy: {symbols: [BTC, ETH, SOL], barMillis: 200, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
                    # trading this fast loses money; the daily loss limit would halt them (DEGRADED) mid-drill
                    risk: {stopDistance: 0.02, maxDailyLoss: 1000000}
                    """.formatted(id, t.port(), t.dataDir(), id, seed));
            seed += 12;
            pm.append("""
                      - id: %s
                        baseUrl: %s
                        venue: paper
                        account: drill-%s
                        command: ["%s", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-jar", "%s", "trader", "--config", "%s"]
                        restart: {initialBackoffMs: 500, maxBackoffMs: 2000}
                    """.formatted(id, t.url(), id, java, jar, t.config()));
        }
        Files.writeString(s.pmConfig, pm.toString());
        return s;
    }

    /** {@code pog watchdog --config <pm.yaml>} in the loop, started in the scratch directory (PM's working dir). */
    PogProcess startWatchdog(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--config", pmConfig.toString()));
        args.addAll(List.of(extra));
        watchdog = WatchdogProcess.start(work, "watchdog", args);
        return watchdog;
    }

    PogProcess watchdog() {
        return watchdog;
    }

    /** PM's pid as PM reports it, when it answers. */
    Optional<Long> pmPid() {
        try {
            Http.Reply r = Http.get(pmUrl + "/api/status");
            return r.status() == 200 && r.json() != null ? Optional.of(r.json().get("pid").asLong()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** PM's view of every service by id, or empty when PM does not answer. */
    Optional<Map<String, JsonNode>> services() {
        try {
            Http.Reply r = Http.get(pmUrl + "/api/services");
            if (r.status() != 200 || r.json() == null) {
                return Optional.empty();
            }
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (JsonNode s : r.json()) {
                out.put(s.get("id").asText(), s);
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The live processes running this trader's config: exactly one while it runs, never two. */
    List<ProcessHandle> processesOf(Trader t) {
        String config = t.config().toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(config)).orElse(false))
                .toList();
    }

    /** Live PM processes started for this system's pm.yaml. */
    List<ProcessHandle> pmProcesses() {
        String config = pmConfig.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> {
                    List<String> args = List.of(a);
                    return args.contains("pm") && args.contains(config);
                }).orElse(false))
                .toList();
    }

    /** Count of lines in a log file containing {@code text} (0 when there is no file yet). */
    static long count(Path log, String text) {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Copies every log and output file of the scratch directory to {@code dest}, to read after a failure. */
    void keepLogs(Path dest) throws IOException {
        if (!Files.isDirectory(work)) {
            return;
        }
        try (var files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".log") || n.endsWith(".out") || n.endsWith(".err") || n.endsWith(".yaml");
            }).toList()) {
                Path to = dest.resolve(work.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Ends everything this system started: the watchdog first (so nothing is brought back), then every process whose
     * command line names the scratch directory (PM, traders), then whatever the pid files still name.
     */
    void reap() throws IOException, InterruptedException {
        if (watchdog != null) {
            watchdog.close();
        }
        String mark = work.toString();
        List<ProcessHandle> ours = new ArrayList<>(ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false))
                .toList());
        List<Path> pidFiles = new ArrayList<>();
        Path run = pmData.resolve("run");
        if (Files.isDirectory(run)) {
            try (var files = Files.list(run)) {
                files.filter(f -> f.toString().endsWith(".pid")).forEach(pidFiles::add);
            }
        }
        for (Path f : pidFiles) {
            try {
                long pid = Long.parseLong(Files.readAllLines(f).get(0).trim().split("\\s+")[0]);
                ProcessHandle.of(pid).filter(p -> p.info().arguments()
                        .map(a -> String.join(" ", a).contains(mark)).orElse(false)).ifPresent(ours::add);
            } catch (IOException | RuntimeException unreadable) {
                // the scan above found it anyway
            }
        }
        for (ProcessHandle p : ours) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : ours) {
            p.onExit().completeOnTimeout(p, 10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }
}
