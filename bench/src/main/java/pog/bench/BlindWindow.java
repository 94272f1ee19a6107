package pog.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The blind window after PM dies: SIGKILL of PM until PM serves again with every trader adopted and healthy, measured
 * from outside (polling PM's API every 5 ms) while two paper traders run. Two ways of bringing PM back:
 * <ul>
 *   <li>{@code watchdog}: {@code pog watchdog} in its loop (default interval), which started PM and so also notices
 *   its exit at once;</li>
 *   <li>{@code restart-always}: what systemd's {@code Restart=always} does, done by this harness: wait for PM's
 *   process to exit, sleep RestartSec, start it again.</li>
 * </ul>
 * The traders are started by the first PM (launcher {@code process}) and never restarted: each new PM adopts them.
 *
 * <p>Run: {@code scripts/bench-blind-window.sh [kills] [modes] [restart-sec-ms]}. Arguments: jar, kills, modes
 * (comma-separated), RestartSec in ms, JVM options.
 */
public final class BlindWindow {
    private static final String TOKEN = "bench-control-token-0123456789abcdef";

    private final Path jar;
    private final List<String> jvm;
    private final Path work;
    private final int pmPort;
    private final Path pmConfig;
    private final List<Process> children = new ArrayList<>();

    private BlindWindow(Path jar, List<String> jvm, Path work) throws IOException {
        this.jar = jar;
        this.jvm = jvm;
        this.work = work;
        this.pmPort = LocalApi.stablePort();
        this.pmConfig = work.resolve("pm.yaml");
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int kills = Integer.parseInt(args[1]);
        List<String> modes = List.of(args[2].split(","));
        long restartSecMs = Long.parseLong(args[3]);
        List<String> jvm = args.length > 4 && !args[4].isBlank() ? List.of(args[4].trim().split("\\s+")) : List.of();
        System.out.printf("blind window: PM SIGKILL -> PM serving with every trader adopted and healthy; %d kills per"
                + " mode, %d CPUs, load %.1f%n", kills, Runtime.getRuntime().availableProcessors(), load());
        for (String mode : modes) {
            Path work = Files.createTempDirectory("pog-blind-" + mode);
            BlindWindow b = new BlindWindow(jar, jvm, work);
            try {
                b.run(mode, kills, restartSecMs);
            } finally {
                b.reap();
            }
            // kept when the run failed, to read its logs
            deleteRecursively(work);
        }
    }

    private void run(String mode, int kills, long restartSecMs) throws Exception {
        List<String> traders = List.of("trader-a", "trader-b");
        writeConfigs(traders);
        AtomicBoolean supervising = new AtomicBoolean(true);
        switch (mode) {
            case "watchdog" -> children.add(start("watchdog.out", watchdogArgs()));
            case "restart-always" -> {
                Thread supervisor = new Thread(() -> restartAlways(supervising, restartSecMs), "restart-always");
                supervisor.setDaemon(true);
                supervisor.start();
            }
            default -> throw new IllegalArgumentException("mode: watchdog or restart-always, not " + mode);
        }
        awaitAdopted(-1, traders.size(), false, Duration.ofMinutes(3));
        Random random = new Random(42);
        long[] serving = new long[kills];
        long[] adopted = new long[kills];
        for (int i = 0; i < kills; i++) {
            // let the new PM settle (its first portfolio poll, equity sample), then a random moment
            Thread.sleep(1500 + random.nextInt(1000));
            long pid = status().path("pid").asLong();
            long t0 = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long[] marks = awaitAdopted(pid, traders.size(), true, Duration.ofMinutes(2));
            serving[i] = marks[0] - t0;
            adopted[i] = marks[1] - t0;
            System.out.printf("  %s kill %2d: serving after %4d ms, every trader adopted after %4d ms%n", mode, i + 1,
                    serving[i] / 1_000_000, adopted[i] / 1_000_000);
        }
        supervising.set(false);
        System.out.printf("%s%s: PM answering     %s%n", mode, suffix(mode, restartSecMs), stats(serving));
        System.out.printf("%s%s: every trader adopted %s%n", mode, suffix(mode, restartSecMs), stats(adopted));
    }

    private static String suffix(String mode, long restartSecMs) {
        return mode.equals("restart-always") ? " (RestartSec " + restartSecMs + " ms)" : " (interval 1000 ms)";
    }

    private List<String> watchdogArgs() {
        return List.of("-jar", jar.toString(), "watchdog", "--config", pmConfig.toString());
    }

    /** systemd's Restart=always: whenever PM's process exits, wait RestartSec and start it again. */
    private void restartAlways(AtomicBoolean supervising, long restartSecMs) {
        try {
            while (supervising.get()) {
                Process pm = start("pm.out", List.of("-jar", jar.toString(), "pm", "--config", pmConfig.toString()));
                synchronized (children) {
                    children.add(pm);
                }
                pm.waitFor();
                Thread.sleep(restartSecMs);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("supervisor stopped: " + e);
        }
    }

    /**
     * Polls every 5 ms until a PM other than {@code oldPid} answers, then until it lists every trader as adopted (or
     * started, for the first PM) and HEALTHY. Returns the nanoTime of both moments.
     */
    private long[] awaitAdopted(long oldPid, int traders, boolean mustAdopt, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long serving = 0;
        while (System.nanoTime() < deadline) {
            JsonNode status = status();
            if (status != null && status.path("pid").asLong() != oldPid) {
                if (serving == 0) {
                    serving = System.nanoTime();
                }
                JsonNode services = get("/api/services");
                if (services != null && services.size() == traders && allOf(services, mustAdopt)) {
                    return new long[]{serving, System.nanoTime()};
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("PM did not come back with every trader within " + timeout + "; see " + work);
    }

    private static boolean allOf(JsonNode services, boolean mustAdopt) {
        for (JsonNode s : services) {
            if (!s.path("state").asText().equals("HEALTHY")
                    || mustAdopt && !s.path("origin").asText().equals("adopted")) {
                return false;
            }
        }
        return true;
    }

    private JsonNode status() {
        return get("/api/status");
    }

    private JsonNode get(String path) {
        return LocalApi.get(pmPort, path, Duration.ofMillis(500));
    }

    private void writeConfigs(List<String> traders) throws IOException {
        StringBuilder pm = new StringBuilder("""
                port: %d
                dataDir: %s
                services:
                """.formatted(pmPort, work.resolve("pm")));
        String javaCmd = String.join("\", \"", java(List.of("-jar", jar.toString())));
        int seed = 7;
        for (String id : traders) {
            int port = LocalApi.stablePort();
            Path config = work.resolve(id + ".yaml");
            Files.writeString(config, """
                    service: %s
                    port: %d
                    dataDir: %s
                    venue: {type: paper, account: bench, seed: %d}
                    """.formatted(id, port, work.resolve(id), seed++));
            pm.append("""
                      - id: %s
                        baseUrl: http://127.0.0.1:%d
                        command: ["%s", "trader", "--config", "%s"]
                    """.formatted(id, port, javaCmd, config));
        }
        Files.writeString(pmConfig, pm.toString());
    }

    private List<String> java(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.addAll(args);
        return cmd;
    }

    private Process start(String out, List<String> args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java(args)).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(out).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(Map.of("POG_CONTROL_TOKEN", TOKEN, "POG_SKIP_BUILD", "1"));
        return pb.start();
    }

    /** Ends every process of this run: the supervisor's children, and whatever names the scratch directory. */
    private void reap() {
        synchronized (children) {
            children.forEach(Process::destroyForcibly);
        }
        String mark = work.toString();
        ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                        .map(a -> String.join(" ", a).contains(mark)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String stats(long[] nanos) {
        long[] ms = java.util.Arrays.stream(nanos).map(n -> n / 1_000_000).sorted().toArray();
        return String.format("median %d ms, min %d ms, max %d ms (n=%d)", ms[(ms.length - 1) / 2], ms[0],
                ms[ms.length - 1], ms.length);
    }

}
