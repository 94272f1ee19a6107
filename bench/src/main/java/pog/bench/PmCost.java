package pog.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What PM costs while it watches 20 traders with its shipped defaults, each figure printed against issue #15's goal
 * (nothing asserted):
 * <ul>
 *   <li>cold start: {@code ./pog pm} spawned (the launcher execs java, so the pid is PM's) until {@code /api/services}
 *   lists every one of 20 traders {@code HEALTHY} (polled every 5 ms), PM stopped with SIGTERM between rounds;</li>
 *   <li>RSS: {@code VmRSS} of PM and every descendant of it, after the settle (30 s by default) and the idle window (with its split
 *   into anonymous and file-backed pages, and the peak {@code VmHWM});</li>
 *   <li>idle CPU: utime + stime of PM and its descendants over the idle window, in % of one core;</li>
 *   <li>health freshness: the longest time any trader went without a health read during the window (goal: every
 *   trader read at least every 2 s, the dashboard's promise).</li>
 * </ul>
 * The traders are fake ({@link TraderFarm}: 20 loopback HTTP servers in this JVM), so their cost is not PM's; PM
 * adopts them, it never launches them, so it has no children here. With {@code PM_NMT=1} in the environment, the
 * caller's JVM options carry {@code -XX:NativeMemoryTracking=summary} and the NMT summary of each cost round is
 * printed (the script does that). Run: {@code scripts/bench-pm-cost.sh}.
 *
 * <p>Arguments: work dir, cold-start rounds, cost rounds, idle seconds, settle seconds (default 30: PM's first
 * minute is start-up work, C1 still compiling what the checks run, which is not what PM costs for months).
 */
public final class PmCost {
    private static final String TOKEN = "bench-control-token-0123456789abcdef";
    private static final int TRADERS = 20;

    private PmCost() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int coldRounds = Integer.parseInt(args[1]);
        int costRounds = Integer.parseInt(args[2]);
        int idleSeconds = Integer.parseInt(args[3]);
        int settleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        boolean nmt = "1".equals(System.getenv("PM_NMT"));
        Files.createDirectories(work);
        List<Process> children = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> reap(children)));
        System.out.printf("pm-cost: %d traders; %d cold starts, %d cost rounds of %d s after %d s settling; %d CPUs;"
                        + " load %s at start%n", TRADERS, coldRounds, costRounds, idleSeconds, settleSeconds,
                Runtime.getRuntime().availableProcessors(), load());
        List<Long> cold = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        try (TraderFarm farm = TraderFarm.start(TRADERS)) {
            int pmPort = LocalApi.freePort();
            Path config = work.resolve("pm.yaml");
            Files.writeString(config, config(pmPort, work, farm));
            for (int r = 0; r < coldRounds; r++) {
                long t0 = System.nanoTime();
                Process pm = startPm(config, work, children);
                awaitAllAdopted(pmPort, pm);
                cold.add((System.nanoTime() - t0) / 1_000_000);
                System.out.printf("  cold start %2d: every trader adopted after %4d ms (load %s)%n", r + 1,
                        cold.get(cold.size() - 1), load());
                stop(pm);
            }
            for (int r = 0; r < costRounds; r++) {
                Process pm = startPm(config, work, children);
                awaitAllAdopted(pmPort, pm);
                // settle: start-up work (class loading, the first samples, JIT) is not idle cost
                Thread.sleep(settleSeconds * 1000L);
                long resetAt = System.currentTimeMillis();
                farm.resetGaps();
                long cpu0 = cpuTicks(pm.toHandle());
                long t0 = System.nanoTime();
                Thread.sleep(idleSeconds * 1000L);
                long cpu1 = cpuTicks(pm.toHandle());
                double seconds = (System.nanoTime() - t0) / 1e9;
                long gap = farm.longestGapMs(resetAt, TRADERS);
                Map<String, Long> status = status(pm.toHandle());
                double pct = (cpu1 - cpu0) / 100.0 / seconds * 100;
                String l = load();
                rss.add(status.get("VmRSS") / 1024.0);
                cpu.add(pct);
                gaps.add(gap);
                loads.add(l);
                System.out.printf("  cost %d: RSS %.1f MiB (anon %.1f, file %.1f, shmem %.1f; peak %.1f), %d threads, "
                                + "idle CPU %.2f %% of a core over %.0f s, longest health gap %d ms (load %s)%n", r + 1,
                        status.get("VmRSS") / 1024.0, status.get("RssAnon") / 1024.0, status.get("RssFile") / 1024.0,
                        status.get("RssShmem") / 1024.0, status.get("VmHWM") / 1024.0, status.get("Threads"), pct,
                        seconds, gap, l);
                if (nmt) {
                    System.out.println(jcmd(pm.pid(), "VM.native_memory", "summary"));
                }
                stop(pm);
            }
        } finally {
            reap(children);
        }
        System.out.printf("%nload at the end: %s%n%n", load());
        System.out.println("| PM with 20 traders, shipped defaults | goal | measured (median, min-max) | met |");
        System.out.println("|---|---|---|---|");
        if (!cold.isEmpty()) {
            long m = medianL(cold);
            row("cold start `./pog pm` to 20 adopted", "<= 500 ms", m + " ms (" + min(cold) + "-" + max(cold)
                    + ", n=" + cold.size() + ")", m <= 500);
        }
        if (!rss.isEmpty()) {
            double m = medianD(rss);
            row("RSS, PM and its children", "<= 64 MiB", String.format("%.1f MiB (%.1f-%.1f, n=%d)", m,
                    rss.stream().mapToDouble(d -> d).min().orElse(0), rss.stream().mapToDouble(d -> d).max().orElse(0),
                    rss.size()), m <= 64);
            double c = medianD(cpu);
            row("idle CPU, PM's own (it has no children here)", "<= 0.50 % of a core", String.format(
                    "%.2f %% (%.2f-%.2f, n=%d)", c, cpu.stream().mapToDouble(d -> d).min().orElse(0),
                    cpu.stream().mapToDouble(d -> d).max().orElse(0), cpu.size()), c <= 0.5);
            long g = max(gaps);
            row("longest time a trader's health went unread", "<= 2000 ms", g + " ms (worst of " + gaps.size() + ")",
                    g <= 2000);
            System.out.println("\nload average during the cost rounds: " + String.join("; ", loads));
        }
        System.exit(0);
    }

    private static void row(String what, String goal, String measured, boolean met) {
        System.out.printf("| %s | %s | %s | %s |%n", what, goal, measured, met ? "yes" : "NO");
    }

    private static String config(int pmPort, Path dir, TraderFarm farm) {
        StringBuilder b = new StringBuilder("port: " + pmPort + "\ndataDir: " + dir.resolve("pm") + "\ncontrolTokenFile: "
                + dir.resolve("token") + "\nservices:\n");
        for (int i = 0; i < farm.ports().size(); i++) {
            // adopted, never launched: the command is only there because the process launcher needs one
            b.append("  - id: t").append(i).append("\n    baseUrl: http://127.0.0.1:").append(farm.ports().get(i))
                    .append("\n    command: [\"false\"]\n");
        }
        return b.toString();
    }

    /** PM as a person starts it: {@code ./pog pm}, the launcher's JVM options for PM (it execs java). */
    private static Process startPm(Path config, Path dir, List<Process> children) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of("pog").toAbsolutePath().toString(), "pm", "--config",
                config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pm.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(Map.of("POG_CONTROL_TOKEN", TOKEN, "POG_SKIP_BUILD", "1"));
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private static void stop(Process pm) throws InterruptedException {
        pm.destroy();
        if (!pm.waitFor(30, TimeUnit.SECONDS)) {
            pm.destroyForcibly();
            pm.waitFor();
        }
    }

    private static void awaitAllAdopted(int pmPort, Process pm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline && pm.isAlive()) {
            JsonNode services = get(pmPort, "/api/services");
            if (services != null && services.size() == TRADERS) {
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
        throw new IllegalStateException("PM did not adopt " + TRADERS + " traders (alive: " + pm.isAlive() + ")");
    }

    private static void reap(List<Process> children) {
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** utime + stime in clock ticks of the process and its descendants now alive. */
    private static long cpuTicks(ProcessHandle p) throws IOException {
        long sum = ticks(p.pid());
        for (ProcessHandle d : p.descendants().toList()) {
            sum += ticks(d.pid());
        }
        return sum;
    }

    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** kB fields (and Threads) of /proc/PID/status, summed over the process and its descendants. */
    private static Map<String, Long> status(ProcessHandle p) throws IOException {
        Map<String, Long> sum = new java.util.HashMap<>();
        List<ProcessHandle> all = new ArrayList<>(List.of(p));
        all.addAll(p.descendants().toList());
        for (ProcessHandle h : all) {
            for (String line : Files.readAllLines(Path.of("/proc/" + h.pid() + "/status"))) {
                int colon = line.indexOf(':');
                String key = line.substring(0, colon);
                if (List.of("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM", "Threads").contains(key)) {
                    sum.merge(key, Long.parseLong(line.replaceAll("[^0-9]", "")), Long::sum);
                }
            }
        }
        return sum;
    }

    private static String jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static JsonNode get(int port, String path) {
        return LocalApi.get(port, path, Duration.ofMillis(1000));
    }

    private static long medianL(List<Long> v) {
        List<Long> s = v.stream().sorted().toList();
        return s.get((s.size() - 1) / 2);
    }

    private static double medianD(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.get((s.size() - 1) / 2);
    }

    private static long min(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).max().orElse(0);
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
