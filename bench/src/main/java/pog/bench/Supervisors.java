package pog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import pog.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PoG's PM beside pm2 and supervisord on this machine, measured from outside with real processes (nothing asserted):
 * <ul>
 *   <li>kill -9 of the same paper trader ({@code pog trader --config} a paper config on a free port) under each, ten
 *   rounds, the order of the supervisors rotated each round: to the death being noticed (PoG: the time of PM's first
 *   event after the kill; pm2 and supervisord: the moment the dead process is reaped, i.e. its parent, the
 *   supervisor, took note), to the new process started (the trader's command runs through a two-line bash wrapper
 *   that writes {@code $EPOCHREALTIME} and execs, under all three alike), and to {@code /api/health} answering 200
 *   from a new pid (polled every 5 ms);</li>
 *   <li>the supervisor's own RSS and CPU while it watches 20 traders (PoG: 20 fake traders served by one JVM, which
 *   PM adopts and checks over HTTP; pm2 and supervisord: 20 {@code sleep} programs, as they do no health checks), its
 *   helper processes included, over an idle window;</li>
 *   <li>PoG only: PM cold start ({@code ./pog pm}) to every one of 20 traders adopted and HEALTHY.</li>
 * </ul>
 * Between two kills of the same supervisor's trader it has answered for at least 31 s: PoG's PM (like pm2's
 * exponential backoff) treats a death after a stable run as a first death, which is the case measured here.
 *
 * <p>Run: {@code scripts/bench-supervisors.sh}. Arguments: pog.jar, work dir, rounds, modes (comma-separated), pm2
 * binary (or "-"), idle window in seconds, JVM options.
 */
public final class Supervisors {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(300)).build();
    private static final String TOKEN = "bench-control-token-0123456789abcdef";
    private static final long STABLE_MS = 31_000;

    private final Path jar;
    private final Path work;
    private final List<String> jvm;
    private final String pm2;
    private final List<Process> children = new ArrayList<>();

    private Supervisors(Path jar, Path work, List<String> jvm, String pm2) {
        this.jar = jar;
        this.work = work;
        this.jvm = jvm;
        this.pm2 = pm2;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        int rounds = Integer.parseInt(args[2]);
        List<String> modes = List.of(args[3].split(","));
        String pm2 = args[4];
        int idleSeconds = Integer.parseInt(args[5]);
        List<String> jvm = args.length > 6 && !args[6].isBlank() ? List.of(args[6].trim().split("\\s+")) : List.of();
        Files.createDirectories(work);
        Supervisors s = new Supervisors(jar, work, jvm, pm2);
        Runtime.getRuntime().addShutdownHook(new Thread(s::reap));
        System.out.printf("supervisors: %s; %d rounds; %d CPUs; load %s at start%n", modes, rounds,
                Runtime.getRuntime().availableProcessors(), load());
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        try {
            if (rounds > 0) {
                s.restarts(modes, rounds, table);
            }
            for (String mode : modes) {
                s.cost(mode, idleSeconds, table);
            }
            if (modes.contains("pog") && rounds > 0) {
                s.coldStart(rounds, table);
            }
        } finally {
            s.reap();
        }
        System.out.printf("%nload at the end: %s%n%n", load());
        print(modes, table);
        System.exit(0);
    }

    // ---- kill -9 rounds ------------------------------------------------------------------------------------------

    /** One supervisor with its own paper trader. */
    private final class Supervised {
        final String mode;
        final Path dir;
        final int traderPort;
        final Path starts;
        int pmPort;
        long lastEventId;
        long upSince;
        final List<Long> noticed = new ArrayList<>();
        final List<Long> started = new ArrayList<>();
        final List<Long> answered = new ArrayList<>();

        Supervised(String mode) throws IOException {
            this.mode = mode;
            this.dir = Files.createDirectories(work.resolve(mode));
            this.traderPort = LocalApi.stablePort();
            this.starts = dir.resolve("starts");
            Files.writeString(dir.resolve("trader.yaml"), """
                    service: trader-%s
                    port: %d
                    dataDir: %s
                    venue: {type: paper, account: bench-%s, seed: 7}
                    """.formatted(mode, traderPort, dir.resolve("trader-data"), mode));
        }

        /** The trader's command line, the same under every supervisor. */
        List<String> traderCommand() {
            List<String> cmd = new ArrayList<>(List.of(wrapper().toString(), starts.toString()));
            cmd.addAll(java(List.of("-jar", jar.toString(), "trader", "--config", dir.resolve("trader.yaml").toString())));
            return cmd;
        }

        void start() throws Exception {
            switch (mode) {
                case "pog" -> {
                    pmPort = LocalApi.stablePort();
                    Files.writeString(dir.resolve("pm.yaml"), "port: " + pmPort + "\ndataDir: " + dir.resolve("pm")
                            + "\ncontrolTokenFile: " + dir.resolve("token") + "\nservices:\n  - id: trader-pog\n"
                            + "    baseUrl: http://127.0.0.1:" + traderPort + "\n    command: " + yamlList(traderCommand())
                            + "\n    workDir: " + dir + "\n");
                    children.add(Supervisors.this.start(dir, "pm.out", pogPm(dir.resolve("pm.yaml"))));
                }
                case "pm2" -> {
                    Files.writeString(dir.resolve("ecosystem.json"), Json.write(Map.of("apps", List.of(pm2App(
                            "trader-pm2", traderCommand())))));
                    run(dir, List.of(pm2, "start", dir.resolve("ecosystem.json").toString()));
                }
                case "supervisord" -> {
                    Files.writeString(dir.resolve("supervisord.conf"), supervisordConf(
                            Map.of("trader", traderCommand())));
                    children.add(Supervisors.this.start(dir, "supervisord.out", List.of("supervisord", "-n", "-c",
                            dir.resolve("supervisord.conf").toString())));
                }
                default -> throw new IllegalArgumentException("mode: pog, pm2 or supervisord, not " + mode);
            }
            long pid = awaitHealth(traderPort, -1, Duration.ofMinutes(2));
            System.out.printf("  %s: trader pid %d answering on %d%n", mode, pid, traderPort);
            upSince = System.currentTimeMillis();
            if (mode.equals("pog")) {
                lastEventId = lastEventId(pmPort);
            }
        }

        void kill() throws Exception {
            long wait = upSince + STABLE_MS - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            JsonNode h = health(traderPort);
            long pid = h.path("pid").asLong();
            long startsBefore = lines(starts);
            if (mode.equals("pog")) {
                lastEventId = lastEventId(pmPort);
            }
            Path proc = Path.of("/proc/" + pid);
            long t0 = System.currentTimeMillis();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long reaped = 0;
            long next = 0;
            long deadline = t0 + 120_000;
            while (System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis();
                if (reaped == 0 && !Files.exists(proc)) {
                    reaped = now;
                }
                if (now >= next) {
                    JsonNode n = health(traderPort);
                    if (n != null && n.path("pid").asLong() != pid && n.path("pid").asLong() != 0) {
                        answered.add(System.currentTimeMillis() - t0);
                        break;
                    }
                    next = now + 5;
                }
                Thread.sleep(1);
            }
            if (answered.size() <= noticed.size()) {
                throw new IllegalStateException(mode + ": the trader did not answer again within 120 s; see " + dir);
            }
            upSince = System.currentTimeMillis();
            if (mode.equals("pog")) {
                JsonNode events = get(pmPort, "/api/events?after=" + lastEventId + "&limit=1000");
                long first = Long.MAX_VALUE;
                for (JsonNode e : events) {
                    if (e.path("time").asLong() >= t0) {
                        first = Math.min(first, e.path("time").asLong());
                    }
                    lastEventId = Math.max(lastEventId, e.path("id").asLong());
                }
                noticed.add(first - t0);
            } else {
                noticed.add(reaped - t0);
            }
            List<String> all = Files.readAllLines(starts);
            started.add(all.size() > startsBefore
                    ? Math.round(Double.parseDouble(all.get((int) startsBefore).trim()) * 1000) - t0 : -1);
            System.out.printf("  %-11s kill %2d: noticed %5d ms, started %5d ms, answering %5d ms%n", mode,
                    answered.size(), last(noticed), last(started), last(answered));
        }

        void stop() throws Exception {
            if (mode.equals("pm2")) {
                run(dir, List.of(pm2, "delete", "all"));
            } else if (mode.equals("pog")) {
                // PM never stops a trader on its own exit: stop it explicitly, then PM
                post(pmPort, "/api/services/stop-all", "{\"flatten\": false}");
                post(pmPort, "/api/shutdown", "{}");
            }
        }
    }

    private void restarts(List<String> modes, int rounds, Map<String, Map<String, String>> table) throws Exception {
        List<Supervised> all = new ArrayList<>();
        for (String m : modes) {
            Supervised s = new Supervised(m);
            s.start();
            all.add(s);
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < all.size(); i++) {
                all.get((r + i) % all.size()).kill();
            }
        }
        for (Supervised s : all) {
            table.computeIfAbsent("kill -9: to the death being noticed", k -> new LinkedHashMap<>()).put(s.mode, median(s.noticed));
            table.computeIfAbsent("kill -9: to the new process started", k -> new LinkedHashMap<>()).put(s.mode, median(s.started));
            table.computeIfAbsent("kill -9: to /api/health 200 again", k -> new LinkedHashMap<>()).put(s.mode, median(s.answered));
            System.out.printf("%s: noticed %s; started %s; answering %s%n", s.mode, stats(s.noticed), stats(s.started),
                    stats(s.answered));
            s.stop();
        }
        reap();
    }

    // ---- cost with 20 traders -----------------------------------------------------------------------------------

    private void cost(String mode, int idleSeconds, Map<String, Map<String, String>> table) throws Exception {
        int n = 20;
        Path dir = Files.createDirectories(work.resolve("cost-" + mode));
        long supervisor;
        TraderFarm farm = null;
        switch (mode) {
            case "pog" -> {
                farm = TraderFarm.start(n);
                int pmPort = LocalApi.stablePort();
                Files.writeString(dir.resolve("pm.yaml"), pogConfig(pmPort, dir, farm));
                Process pm = start(dir, "pm.out", pogPm(dir.resolve("pm.yaml")));
                children.add(pm);
                awaitAllAdopted(pmPort, n, Duration.ofMinutes(1));
                supervisor = pm.pid();
            }
            case "pm2" -> {
                List<Map<String, Object>> apps = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    apps.add(pm2App("sleep-" + i, List.of("sleep", "100000")));
                }
                Files.writeString(dir.resolve("ecosystem.json"), Json.write(Map.of("apps", apps)));
                run(dir, List.of(pm2, "start", dir.resolve("ecosystem.json").toString()));
                supervisor = Long.parseLong(Files.readString(Path.of(System.getenv("PM2_HOME"), "pm2.pid")).trim());
            }
            case "supervisord" -> {
                Map<String, List<String>> programs = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    programs.put("sleep" + i, List.of("sleep", "100000"));
                }
                Files.writeString(dir.resolve("supervisord.conf"), supervisordConf(programs));
                Process p = start(dir, "supervisord.out", List.of("supervisord", "-n", "-c",
                        dir.resolve("supervisord.conf").toString()));
                children.add(p);
                supervisor = p.pid();
            }
            default -> throw new IllegalArgumentException(mode);
        }
        // settle: start-up work (class loading, first samples) is not idle cost
        Thread.sleep(10_000);
        long healthBefore = farm == null ? 0 : farm.healthReads();
        long cpu0 = cpuTicks(supervisor, mode);
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long cpu1 = cpuTicks(supervisor, mode);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rss = rssKb(supervisor, mode);
        double cpuPct = (cpu1 - cpu0) / 100.0 / seconds * 100;
        String reads = farm == null ? "" : String.format("; health reads per trader every %.2f s",
                seconds * n / Math.max(1, farm.healthReads() - healthBefore));
        System.out.printf("%s with %d traders: RSS %.1f MiB, idle CPU %.2f %% of a core over %.0f s%s%n", mode, n,
                rss / 1024.0, cpuPct, seconds, reads);
        table.computeIfAbsent("RSS with 20 traders", k -> new LinkedHashMap<>()).put(mode,
                String.format("%.0f MiB", rss / 1024.0));
        table.computeIfAbsent("idle CPU with 20 traders (% of a core)", k -> new LinkedHashMap<>()).put(mode,
                String.format("%.2f %%", cpuPct));
        if (mode.equals("pm2")) {
            run(dir, List.of(pm2, "delete", "all"));
        }
        reap();
        if (farm != null) {
            farm.close();
        }
    }

    /** PM as a person starts it, with the launcher's JVM options for PM (it execs java: the pid is PM's). */
    private static List<String> pogPm(Path config) {
        return List.of(Path.of("pog").toAbsolutePath().toString(), "pm", "--config", config.toString());
    }

    private String pogConfig(int pmPort, Path dir, TraderFarm farm) {
        // PM_EXTRA_YAML: top-level keys to try other settings than the shipped defaults (e.g. "monitor: {intervalMs: 500}")
        String extra = System.getenv().getOrDefault("PM_EXTRA_YAML", "");
        StringBuilder b = new StringBuilder("port: " + pmPort + "\ndataDir: " + dir.resolve("pm") + "\ncontrolTokenFile: "
                + dir.resolve("token") + "\n" + (extra.isBlank() ? "" : extra + "\n") + "services:\n");
        for (int i = 0; i < farm.ports().size(); i++) {
            // adopted, never launched: the command is only there because the process launcher needs one
            b.append("  - id: t").append(i).append("\n    baseUrl: http://127.0.0.1:").append(farm.ports().get(i))
                    .append("\n    command: [\"false\"]\n");
        }
        return b.toString();
    }

    private void coldStart(int rounds, Map<String, Map<String, String>> table) throws Exception {
        int n = 20;
        Path dir = Files.createDirectories(work.resolve("cold"));
        List<Long> took = new ArrayList<>();
        try (TraderFarm farm = TraderFarm.start(n)) {
            int pmPort = LocalApi.stablePort();
            Files.writeString(dir.resolve("pm.yaml"), pogConfig(pmPort, dir, farm));
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                ProcessBuilder pb = new ProcessBuilder(pogPm(dir.resolve("pm.yaml"))).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pm.out").toFile()));
                pb.environment().putAll(Map.of("POG_CONTROL_TOKEN", TOKEN, "POG_SKIP_BUILD", "1"));
                Process pm = pb.start();
                children.add(pm);
                awaitAllAdopted(pmPort, n, Duration.ofMinutes(1));
                took.add((System.nanoTime() - t0) / 1_000_000);
                System.out.printf("  cold start %2d: every trader adopted after %4d ms%n", r + 1, last(took));
                pm.destroy();
                pm.waitFor();
            }
        }
        table.computeIfAbsent("cold start to 20 traders adopted (./pog pm)", k -> new LinkedHashMap<>()).put("pog", median(took));
        System.out.printf("pog cold start with %d traders: %s%n", n, stats(took));
    }

    private void awaitAllAdopted(int pmPort, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode services = get(pmPort, "/api/services");
            if (services != null && services.size() == n) {
                boolean all = true;
                for (JsonNode s : services) {
                    all &= s.path("state").asText().equals("HEALTHY");
                }
                if (all) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("PM did not adopt " + n + " traders within " + timeout);
    }

    // ---- supervisors' configuration ---------------------------------------------------------------------------------

    private static Map<String, Object> pm2App(String name, List<String> cmd) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", name);
        app.put("script", cmd.get(0));
        app.put("args", cmd.subList(1, cmd.size()));
        app.put("interpreter", "none");
        app.put("autorestart", true);
        app.put("env", Map.of("POG_CONTROL_TOKEN", TOKEN, "POG_SKIP_BUILD", "1"));
        return app;
    }

    private String supervisordConf(Map<String, List<String>> programs) {
        StringBuilder b = new StringBuilder("[supervisord]\nnodaemon=true\nlogfile=%s\npidfile=%s\nchildlogdir=%s\n"
                .formatted(work.resolve("supervisord.log"), work.resolve("supervisord.pid"), work));
        programs.forEach((name, cmd) -> b.append("""
                [program:%s]
                command=%s
                autorestart=true
                startsecs=1
                stopasgroup=true
                killasgroup=true
                environment=POG_CONTROL_TOKEN="%s",POG_SKIP_BUILD="1"
                stdout_logfile=%s
                redirect_stderr=true
                """.formatted(name, String.join(" ", cmd), TOKEN, work.resolve(name + ".out"))));
        return b.toString();
    }

    private Path wrapper() {
        Path w = work.resolve("start-trader.sh");
        if (!Files.exists(w)) {
            try {
                // the same two lines under every supervisor: note when the process started, then become the trader
                Files.writeString(w, "#!/usr/bin/env bash\nf=\"$1\"; shift; printf '%s\\n' \"$EPOCHREALTIME\" >> \"$f\"\n"
                        + "exec \"$@\"\n");
                w.toFile().setExecutable(true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return w;
    }

    private static String yamlList(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String s : items) {
            quoted.add("'" + s.replace("'", "''") + "'");
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    // ---- processes --------------------------------------------------------------------------------------------------

    private List<String> java(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.addAll(args);
        return cmd;
    }

    private Process start(Path dir, String out, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(out).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(Map.of("POG_CONTROL_TOKEN", TOKEN, "POG_SKIP_BUILD", "1"));
        return pb.start();
    }

    private void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = start(dir, "cli.out", cmd);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " failed; see " + dir.resolve("cli.out"));
        }
    }

    /** Ends every process of this run: our children and their trees, pm2's daemon, anything naming the work dir. */
    private synchronized void reap() {
        if (!pm2.equals("-")) {
            try {
                Process p = new ProcessBuilder(pm2, "kill").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // nothing of pm2's runs
            }
        }
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        children.clear();
        String mark = work.toString();
        java.util.Set<Long> ours = new java.util.HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            // this JVM and what started it (the script, timeout) name the work dir too
            ours.add(p.get().pid());
        }
        ProcessHandle.allProcesses().filter(p -> !ours.contains(p.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(mark)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** utime + stime in clock ticks of the supervisor and its helper processes (pm2's and supervisord's none). */
    private static long cpuTicks(long pid, String mode) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKb(long pid, String mode) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------------

    private static long awaitHealth(int port, long notPid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode h = health(port);
            if (h != null && h.path("pid").asLong() != notPid) {
                return h.path("pid").asLong();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no trader answered on port " + port + " within " + timeout);
    }

    private static JsonNode health(int port) {
        return get(port, "/api/health");
    }

    private static long lastEventId(int pmPort) {
        JsonNode events = get(pmPort, "/api/events?limit=5000");
        long id = 0;
        if (events != null) {
            for (JsonNode e : events) {
                id = Math.max(id, e.path("id").asLong());
            }
        }
        return id;
    }

    private static JsonNode get(int port, String path) {
        return LocalApi.get(port, path, Duration.ofMillis(1000));
    }

    private static void post(int port, String path, String body) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // reaped below anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- numbers ----------------------------------------------------------------------------------------------------

    private static long lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    private static long last(List<Long> l) {
        return l.get(l.size() - 1);
    }

    private static String median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length == 0 ? "-" : v[(v.length - 1) / 2] + " ms";
    }

    private static String stats(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("median %d ms, min %d, max %d (n=%d)", v[(v.length - 1) / 2], v[0], v[v.length - 1],
                v.length);
    }

    private static void print(List<String> modes, Map<String, Map<String, String>> table) {
        Map<String, String> names = Map.of("pog", "PoG PM", "pm2", "pm2", "supervisord", "supervisord");
        StringBuilder b = new StringBuilder("| medians | ");
        modes.forEach(m -> b.append(names.getOrDefault(m, m)).append(" | "));
        b.append("\n|---|");
        modes.forEach(m -> b.append("---|"));
        b.append('\n');
        table.forEach((row, cells) -> {
            b.append("| ").append(row).append(" | ");
            modes.forEach(m -> b.append(cells.getOrDefault(m, "n/a")).append(" | "));
            b.append('\n');
        });
        System.out.print(b);
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

}
