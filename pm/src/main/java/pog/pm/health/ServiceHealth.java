package pog.pm.health;

import pog.pm.client.TraderHealth;
import pog.pm.config.MonitorConfig;
import pog.pm.registry.ServiceState;

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
    private long startingSince = -1;
    private long latencyMs = -1;
    private String detail = "not checked yet";
    private Long pid;
    private String instance;
    /** When the answering trader process says it started (its own clock), for uptime. */
    private Long startedAt;
    private String venue;
    private String account;

    public ServiceHealth(Clock clock, MonitorConfig config) {
        this.clock = clock;
        this.config = config;
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
    public boolean answered(TraderHealth h, long latency) {
        long now = clock.millis();
        lastCheckAt = now;
        lastOkAt = now;
        latencyMs = latency;
        consecutiveFailures = 0;
        boolean changed = instance != null && !instance.equals(h.instance());
        instance = h.instance();
        startedAt = h.startedAt();
        venue = h.venue();
        account = h.account();
        if (h.pid() != null) {
            pid = h.pid();
        }
        String failing = h.failingChecks();
        if ("ok".equalsIgnoreCase(h.status()) && failing == null) {
            state = ServiceState.HEALTHY;
            detail = null;
        } else {
            state = ServiceState.DEGRADED;
            String status = h.status() == null ? "no status" : "status " + h.status();
            detail = failing == null ? status : status + ": " + failing;
        }
        return changed;
    }

    /**
     * A check failed (nothing listening, no answer in time). A pid known to be gone is DOWN at once; a trader PM
     * started has {@code startTimeoutMs} to come up; otherwise {@code downAfterFailures} misses make DOWN.
     * STOPPED and CRASH_LOOP are decisions, not measurements: a failed check confirms them.
     */
    public void failed(String reason, boolean processGone) {
        long now = clock.millis();
        lastCheckAt = now;
        latencyMs = -1;
        consecutiveFailures++;
        if (state == ServiceState.STOPPED || state == ServiceState.CRASH_LOOP) {
            return;
        }
        if (processGone) {
            state = ServiceState.DOWN;
            detail = "process " + pid + " is gone";
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

    /** PM just launched it. */
    public void starting(Long launchedPid) {
        startingSince = clock.millis();
        state = ServiceState.STARTING;
        consecutiveFailures = 0;
        pid = launchedPid;
        instance = null;
        startedAt = null;
        detail = "started" + (launchedPid == null ? "" : " as pid " + launchedPid);
    }

    public void stopped(String why) {
        state = ServiceState.STOPPED;
        detail = why;
        pid = null;
    }

    public void crashLoop(String why) {
        state = ServiceState.CRASH_LOOP;
        detail = why;
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
