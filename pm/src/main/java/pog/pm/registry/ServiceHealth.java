package pog.pm.registry;

import pog.contract.Health;
import pog.pm.config.MonitorConfig;

import java.time.Clock;

/**
 * The health state machine of one service. Pure: it is told what each check saw and reads time only from its
 * {@link Clock}, so every transition is exact in tests. Not thread-safe; its owner synchronizes.
 */
public final class ServiceHealth {
    private final Clock clock;
    private final MonitorConfig config;

    private ServiceState state = ServiceState.UNKNOWN;
    private int consecutiveFailures;
    private long lastCheckAt = -1;
    private long lastOkAt = -1;
    /** Since when the current process has been answering (-1: it is not, or it died). */
    private long answeringSince = -1;
    /** How long the last process answered before it was found gone (kept for the restart decision). */
    private long lastRunMs;
    private long startingSince = -1;
    private long latencyMs = -1;
    private String detail = "not checked yet";
    private Long pid;
    private String instance;
    /** When the answering trader process says it started (its own clock), for uptime. */
    private Long startedAt;
    private String venue;
    private String account;
    /** The exit code of the last process PM launched for it, and that process's last line, once it has exited. */
    private Integer exitCode;
    private String lastError;
    private Long exitedPid;
    /** On another host: PM cannot see its process, so a failed check says "unreachable", never "gone". */
    private boolean remote;
    /** When the checks of a remote trader started failing (null while it answers). */
    private Long unreachableSince;

    public ServiceHealth(Clock clock, MonitorConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** Marks a trader on another host: an unreachable one is UNKNOWN, never DOWN (PM cannot know it is gone). */
    public void remote(boolean remote) {
        this.remote = remote;
    }

    public boolean remote() {
        return remote;
    }

    /** When a remote trader's checks started failing; null while it answers (or for a local trader). */
    public Long unreachableSince() {
        return unreachableSince;
    }

    /** The state as of now: a measured state whose check is older than the staleness bound reads UNKNOWN. */
    public ServiceState state() {
        if (state.measured() && (lastCheckAt < 0 || clock.millis() - lastCheckAt > config.staleAfterMs())) {
            return ServiceState.UNKNOWN;
        }
        return state;
    }

    /** The last decided state regardless of age (for transition logging). */
    public ServiceState rawState() {
        return state;
    }

    /** A trader answered with this identity; returns true when its instance id differs from the one seen before. */
    public boolean answered(Health h, long latency) {
        long now = clock.millis();
        lastCheckAt = now;
        lastOkAt = now;
        if (answeringSince < 0 || (h.pid() != null && !h.pid().equals(pid))) {
            answeringSince = now;
        }
        latencyMs = latency;
        consecutiveFailures = 0;
        unreachableSince = null;
        boolean changed = instance != null && !instance.equals(h.instance());
        instance = h.instance();
        startedAt = h.startedAt();
        venue = h.venue();
        account = h.account();
        if (h.pid() != null) {
            pid = h.pid();
        }
        // an answer is a new life: what the last process said when it exited no longer describes this one
        exitCode = null;
        lastError = null;
        exitedPid = null;
        Verdict v = judge(h);
        state = v.state();
        detail = v.detail();
        return changed;
    }

    /** What an answer from a trader says about it: its state and the detail a person reads. */
    public record Verdict(ServiceState state, String detail) {
    }

    /**
     * Reads {@code /api/health} in both shapes: {@code status: ok|degraded|halted|paused}, and the older one where
     * {@code halted} also meant paused, told apart by {@code paused} and {@code haltReason}. A failing check wins
     * over a halt or a pause (something is broken), a risk halt over a pause (it is the one to act on).
     */
    public static Verdict judge(Health h) {
        String failing = failingChecks(h);
        String status = h.status() == null ? "" : h.status().toLowerCase(java.util.Locale.ROOT);
        boolean paused = Boolean.TRUE.equals(h.paused()) || status.equals("paused");
        String halt = h.haltReason() == null || h.haltReason().isBlank() ? null : h.haltReason().strip();
        if (status.equals("held")) {
            // before any failing check: a trader that may not write to its account is the thing to act on
            pog.contract.Check owned = h.checks() == null ? null : h.checks().get("ownership");
            return new Verdict(ServiceState.HELD, "held: " + (owned == null || owned.detail() == null
                    ? "another writer's orders are on its venue account" : owned.detail())
                    + "; it writes nothing until taken over (pog trader --take-over, or POST /api/take-over)");
        }
        if (failing != null || !(status.equals("ok") || status.equals("halted") || status.equals("paused"))) {
            String what = h.status() == null ? "no status" : "status " + h.status();
            String detail = whoseFault(h) + (failing == null ? what : what + ": " + failing);
            if (halt != null) {
                detail += "; halted: " + halt;
            } else if (paused) {
                detail += "; paused";
            }
            return new Verdict(ServiceState.DEGRADED, detail);
        }
        if (halt != null || (status.equals("halted") && !paused)) {
            return new Verdict(ServiceState.HALTED, "halted: " + (halt == null ? "no reason given" : halt)
                    + (paused ? "; also paused" : ""));
        }
        if (paused) {
            return new Verdict(ServiceState.PAUSED, "paused by an operator; stops stay protected; resume to trade again");
        }
        return new Verdict(ServiceState.HEALTHY, null);
    }

    /** Checks whose failure is the trader's venue's, not the trader's own (the trader still protects). */
    private static final java.util.Set<String> VENUE_SIDE = java.util.Set.of("venue", "marketData");

    /**
     * Whose fault a degraded answer is, as the detail's first words: a trader whose venue is slow or down is alive
     * and still protecting, which is not the same as one whose own decision loop has stalled.
     */
    private static String whoseFault(Health h) {
        if (h.checks() == null || h.checks().isEmpty()) {
            return "";
        }
        pog.contract.Check loop = h.checks().get("loop");
        if (loop != null && !loop.ok()) {
            return "trader loop stalled; ";
        }
        boolean any = false;
        for (var c : h.checks().entrySet()) {
            if (c.getValue() != null && !c.getValue().ok()) {
                if (!VENUE_SIDE.contains(c.getKey())) {
                    return "";
                }
                any = true;
            }
        }
        return any ? "alive, venue degraded; " : "";
    }

    /** The checks that fail, as "name: detail" joined, or null when all pass. */
    private static String failingChecks(Health h) {
        if (h.checks() == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        h.checks().forEach((name, c) -> {
            if (c != null && !c.ok()) {
                b.append(b.length() == 0 ? "" : "; ").append(name).append(c.detail() == null ? "" : ": " + c.detail());
            }
        });
        return b.length() == 0 ? null : b.toString();
    }

    /**
     * A check failed (nothing listening, no answer in time). A pid known to be gone is DOWN at once; a trader PM
     * started has {@code startTimeoutMs} to come up; otherwise {@code downAfterFailures} misses make DOWN.
     * STOPPED, CRASH_LOOP and FAILED are decisions, not measurements: a failed check confirms them.
     */
    public void failed(String reason, boolean processGone) {
        long now = clock.millis();
        lastCheckAt = now;
        latencyMs = -1;
        consecutiveFailures++;
        if (state.decided()) {
            return;
        }
        if (remote) {
            // across a network a failed check cannot tell a dead trader from a cut link: what PM knows is UNKNOWN.
            // The pid and instance stay, so a trader found again is checked against who it was.
            if (unreachableSince == null) {
                unreachableSince = now;
            }
            state = ServiceState.UNKNOWN;
            detail = "unreachable since " + java.time.Instant.ofEpochMilli(unreachableSince) + ": " + reason;
            return;
        }
        if (processGone) {
            lastRunMs = answeringSince < 0 ? 0 : now - answeringSince;
            // (a death found by a failed check was already counted when it went DOWN)
            answeringSince = -1;
            state = ServiceState.DOWN;
            detail = pid != null && pid.equals(exitedPid) ? exitDetail() : "process " + pid + " is gone";
            // forget it: the OS may hand the number to an unrelated process, which must never look like the trader
            pid = null;
            return;
        }
        if (state == ServiceState.STARTING && now - startingSince < config.startTimeoutMs()) {
            detail = "starting: " + reason;
            return;
        }
        if (consecutiveFailures >= config.downAfterFailures() || state == ServiceState.UNKNOWN
                || state == ServiceState.STARTING || state == ServiceState.CONFLICT) {
            if (answeringSince >= 0) {
                lastRunMs = lastOkAt - answeringSince;
                answeringSince = -1;
            }
            state = ServiceState.DOWN;
            detail = reason;
        } else {
            detail = consecutiveFailures + " failed check(s): " + reason;
        }
    }

    /** Something else answers or holds the port. */
    public void conflict(String why) {
        lastCheckAt = clock.millis();
        latencyMs = -1;
        consecutiveFailures++;
        state = ServiceState.CONFLICT;
        detail = why;
    }

    /**
     * How long the process that just died had answered (for the restart planner: a long healthy run makes the
     * death a first one again); 0 when it never answered.
     */
    public long answeringForMs() {
        return answeringSince >= 0 ? clock.millis() - answeringSince : lastRunMs;
    }

    /** PM just launched it. */
    public void starting(Long launchedPid) {
        answeringSince = -1;
        lastRunMs = 0;
        startingSince = clock.millis();
        state = ServiceState.STARTING;
        consecutiveFailures = 0;
        pid = launchedPid;
        instance = null;
        startedAt = null;
        exitCode = null;
        lastError = null;
        exitedPid = null;
        detail = "started" + (launchedPid == null ? "" : " as pid " + launchedPid);
    }

    /**
     * Nothing answers, but a process PM knows of for this trader (its pid file) is alive: PM waits for it instead of
     * starting a second copy, and watches it, so its exit (a restart follows) or its first answer (adopted) ends it.
     */
    public void waiting(long alivePid, String why) {
        lastCheckAt = clock.millis();
        latencyMs = -1;
        consecutiveFailures++;
        if (state.decided()) {
            return;
        }
        state = ServiceState.DOWN;
        pid = alivePid;
        detail = why;
    }

    public void stopped(String why) {
        state = ServiceState.STOPPED;
        detail = why;
        pid = null;
    }

    public void crashLoop(String why) {
        state = ServiceState.CRASH_LOOP;
        detail = why + (lastError == null ? "" : "; last error: " + lastError);
    }

    /**
     * The process PM launched exited with {@code code} after writing {@code line} (null: nothing meaningful). A
     * permanent code makes it FAILED, which only an explicit start ends; any other code is a crash: the DOWN detail
     * names the code and the line, and the restart planner decides as for any death.
     */
    public void exited(long exited, int code, String line, boolean permanent) {
        if (state == ServiceState.STOPPED) {
            // it went because it was told to: its last words are no error
            return;
        }
        exitCode = code;
        lastError = line;
        exitedPid = exited;
        if (permanent) {
            state = ServiceState.FAILED;
            detail = (line == null ? "exited without an error line" : line) + " (exit " + code + ": "
                    + TraderExit.meaning(code) + "; not restarted until an explicit start)";
            if (pid != null && pid == exited) {
                pid = null;
            }
        } else if (state == ServiceState.DOWN) {
            detail = exitDetail();
        } else if (state == ServiceState.CRASH_LOOP && line != null && !detail.contains(line)) {
            detail = detail + "; last error: " + line;
        }
    }

    private String exitDetail() {
        return "process " + exitedPid + " exited with code " + exitCode + " (" + TraderExit.meaning(exitCode) + ")"
                + (lastError == null ? "" : ": " + lastError);
    }

    /** The exit code of the last process PM launched, once it exited (null while it runs, or when PM cannot know). */
    public Integer exitCode() {
        return exitCode;
    }

    /** The last line that process wrote before it exited. */
    public String lastError() {
        return lastError;
    }

    public void note(String why) {
        detail = why;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Long lastCheckAt() {
        return lastCheckAt < 0 ? null : lastCheckAt;
    }

    public Long lastOkAt() {
        return lastOkAt < 0 ? null : lastOkAt;
    }

    public Long latencyMs() {
        return latencyMs < 0 ? null : latencyMs;
    }

    public String detail() {
        return state() == ServiceState.UNKNOWN && state.measured()
                ? "last check older than " + config.staleAfterMs() + " ms" : detail;
    }

    public Long pid() {
        return pid;
    }

    public Long startedAt() {
        return startedAt;
    }

    public String instance() {
        return instance;
    }

    /** The venue the trader last reported. */
    public String venue() {
        return venue;
    }

    /** The account the trader last reported. */
    public String account() {
        return account;
    }
}
