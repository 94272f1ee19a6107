package pog.app.it;

import pog.common.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the failover drill did and saw: every PM kill and signal with its blind window (kill to PM serving with every
 * trader adopted), every trader kill with its recovery, the conflict check, and every violation. Written as JSON and
 * as a table a person reads.
 */
final class DrillReport {
    /**
     * One PM kill or signal and PM's return. When {@code startupKillPid} is set, the replacement PM was killed too,
     * {@code startupKillDelayMs} after the watchdog launched it; its blind window then covers both deaths.
     */
    record PmKill(int n, String signal, long pmPidBefore, long pmPidAfter, long atMs, long delayMs,
                  Long startupKillPid, Long startupKillDelayMs, long blindWindowMs, Long streamMs) {
        boolean duringStart() {
            return startupKillPid != null;
        }
    }

    /** One trader SIGKILL: the pid before and after, PM's restart count, the reconciliation and checks. */
    record TraderKill(String trader, long pidBefore, long pidAfter, long recoveredMs, int restarts,
                      long reconciledLines, int positions, int stops, int journaledOrders) {
    }

    final long seed;
    final int pmKillsRequested;
    final List<PmKill> pmKills = new ArrayList<>();
    final List<TraderKill> traderKills = new ArrayList<>();
    final Map<String, Object> conflict = new LinkedHashMap<>();
    final Map<String, Object> traders = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();
    /** What the drill could not exercise in this environment, and why. */
    final List<String> notes = new ArrayList<>();
    private final long started = System.nanoTime();
    private String error;

    DrillReport(long seed, int pmKillsRequested) {
        this.seed = seed;
        this.pmKillsRequested = pmKillsRequested;
    }

    long elapsedMs() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    synchronized void violation(String what) {
        violations.add(elapsedMs() + " ms: " + what);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    void error(Throwable e) {
        error = e.toString();
    }

    private static Map<String, Object> stats(List<Long> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Long> v = values.stream().sorted().toList();
        m.put("count", v.size());
        if (!v.isEmpty()) {
            m.put("minMs", v.get(0));
            m.put("medianMs", v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2);
            m.put("maxMs", v.get(v.size() - 1));
        }
        return m;
    }

    private List<Long> blindWindows(boolean signals) {
        return pmKills.stream().filter(k -> !k.duringStart())
                .filter(k -> signals != k.signal().equals("KILL"))
                .map(PmKill::blindWindowMs).toList();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", violations.isEmpty() && error == null ? "pass" : "fail");
        m.put("seed", seed);
        m.put("durationMs", elapsedMs());
        m.put("pmKillsRequested", pmKillsRequested);
        m.put("pmSigkills", pmKills.stream().filter(k -> k.signal().equals("KILL")).count());
        m.put("pmSigkillsDuringStart", pmKills.stream().filter(PmKill::duringStart).count());
        m.put("blindWindowSigkillIncludingStartupKill", stats(pmKills.stream().filter(PmKill::duringStart)
                .map(PmKill::blindWindowMs).toList()));
        m.put("pmSignals", pmKills.stream().filter(k -> !k.signal().equals("KILL")).count());
        m.put("blindWindowSigkill", stats(blindWindows(false)));
        m.put("blindWindowSignal", stats(blindWindows(true)));
        m.put("traderKills", traderKills.size());
        m.put("traders", traders);
        m.put("conflict", conflict);
        m.put("violations", violations);
        m.put("notes", notes);
        m.put("error", error);
        m.put("pmKillLog", pmKills);
        m.put("traderKillLog", traderKills);
        return m;
    }

    void write(Path json, Path md) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        Map<String, Object> m = toMap();
        Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
        StringBuilder s = new StringBuilder("# Failover drill\n\n");
        s.append("Result: **").append(m.get("result")).append("** in ").append(elapsedMs() / 1000).append(" s (seed ")
                .append(seed).append(").\n\n");
        s.append("| what | count | median ms | max ms |\n|---|---|---|---|\n");
        row(s, "PM SIGKILL → serving, every trader adopted", stats(blindWindows(false)));
        row(s, "PM SIGTERM/SIGINT/SIGHUP → serving, every trader adopted", stats(blindWindows(true)));
        row(s, "trader SIGKILL → restarted by PM, reconciled, healthy",
                stats(traderKills.stream().map(TraderKill::recoveredMs).toList()));
        row(s, "PM SIGKILL, and its replacement SIGKILLed while starting → serving, every trader adopted",
                stats(pmKills.stream().filter(PmKill::duringStart).map(PmKill::blindWindowMs).toList()));
        s.append("\n## PM kills and signals\n\nDelay: the random moment after the previous recovery. Blind window: kill"
                + " to PM serving with every trader adopted and healthy. Stream: kill to a heartbeat on a new /api/stream"
                + " connection.\n\n| # | signal | PM pid before → after | delay ms | replacement killed while starting"
                + " | blind window ms | stream ms |\n|---|---|---|---|---|---|---|\n");
        for (PmKill k : pmKills) {
            s.append("| ").append(k.n()).append(" | ").append(k.signal()).append(" | ").append(k.pmPidBefore())
                    .append(" → ").append(k.pmPidAfter()).append(" | ").append(k.delayMs()).append(" | ")
                    .append(k.duringStart() ? "pid " + k.startupKillPid() + " after " + k.startupKillDelayMs() + " ms" : "")
                    .append(" | ").append(k.blindWindowMs()).append(" | ")
                    .append(k.streamMs() == null ? "-" : k.streamMs()).append(" |\n");
        }
        s.append("\n## Trader kills\n\n| trader | pid before → after | recovered ms | PM restarts | reconciled lines | positions | stops | journaled orders |\n|---|---|---|---|---|---|---|---|\n");
        for (TraderKill k : traderKills) {
            s.append("| ").append(k.trader()).append(" | ").append(k.pidBefore()).append(" → ").append(k.pidAfter())
                    .append(" | ").append(k.recoveredMs()).append(" | ").append(k.restarts()).append(" | ")
                    .append(k.reconciledLines()).append(" | ").append(k.positions()).append(" | ").append(k.stops())
                    .append(" | ").append(k.journaledOrders()).append(" |\n");
        }
        s.append("\n## Foreign listener on a trader's port\n\n");
        conflict.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        s.append("\n## Traders\n\n");
        traders.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
        if (!notes.isEmpty()) {
            s.append("\n## Notes\n\n");
            notes.forEach(n -> s.append("- ").append(n).append('\n'));
        }
        s.append("\n## Violations\n\n");
        if (violations.isEmpty() && error == null) {
            s.append("None.\n");
        }
        violations.forEach(v -> s.append("- ").append(v).append('\n'));
        if (error != null) {
            s.append("- stopped by: ").append(error).append('\n');
        }
        Files.writeString(md, s.toString());
    }

    private static void row(StringBuilder s, String what, Map<String, Object> st) {
        s.append("| ").append(what).append(" | ").append(st.get("count")).append(" | ")
                .append(st.getOrDefault("medianMs", "-")).append(" | ").append(st.getOrDefault("maxMs", "-")).append(" |\n");
    }
}
