package pog.pm.registry;

import pog.pm.config.LauncherKind;
import pog.pm.config.MonitorConfig;
import pog.pm.config.ServiceConfig;
import pog.pm.launch.Launched;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

/**
 * Everything PM knows and intends about one trader. Every read and write happens under {@code synchronized (entry)}
 * so the monitor, the restart timer and explicit control never see half an update.
 */
public final class ServiceEntry {
    private final ServiceConfig config;
    private final ServiceHealth health;
    private final RestartPlanner planner;

    private Origin origin;
    /** Set by an explicit stop; only an explicit start clears it. Guards against auto-restart. */
    private boolean stoppedOnPurpose;
    /** An explicit action or a restart is under way: the monitor observes but does not act. */
    private boolean busy;
    private int restarts;
    private Future<?> pendingRestart;
    private Long nextRestartAt;
    private boolean checkInFlight;
    /** This death was already handed to the restart planner; cleared once the trader is up or starting again. */
    private boolean deathHandled;
    /** The process PM launched last, while it is the one PM watches (null once another process answers). */
    private Launched launched;
    /** Completes once the exit of {@link #launched} has been applied to the state (null when PM cannot know it). */
    private CompletableFuture<?> exitApplied;
    /** The pid whose exit is being watched (not PM's child), so a pid is watched once. */
    private Long watchedPid;
    /** {@code restart.giveUpAfter} was reached: no more automatic restarts until an explicit start. */
    private boolean gaveUp;

    public ServiceEntry(ServiceConfig config, Clock clock, MonitorConfig monitor) {
        this.config = config;
        this.health = new ServiceHealth(clock, monitor);
        health.remote(config.remote());
        this.planner = new RestartPlanner(clock, config.restart());
        this.origin = config.launcher() == LauncherKind.EXTERNAL ? Origin.EXTERNAL : null;
    }

    public String id() {
        return config.id();
    }

    public ServiceConfig config() {
        return config;
    }

    public ServiceHealth health() {
        return health;
    }

    public RestartPlanner planner() {
        return planner;
    }

    public Origin origin() {
        return origin;
    }

    public void origin(Origin o) {
        if (config.launcher() != LauncherKind.EXTERNAL) {
            origin = o;
        }
    }

    public boolean stoppedOnPurpose() {
        return stoppedOnPurpose;
    }

    public void stoppedOnPurpose(boolean v) {
        stoppedOnPurpose = v;
    }

    public boolean busy() {
        return busy;
    }

    public void busy(boolean v) {
        busy = v;
    }

    public int restarts() {
        return restarts;
    }

    public void countRestart() {
        restarts++;
    }

    public boolean restartPending() {
        return pendingRestart != null;
    }

    /** @param f the timer, or null for a restart that goes at once on the deciding thread */
    public void restartScheduled(ScheduledFuture<?> f, long at) {
        pendingRestart = f == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : f;
        nextRestartAt = at;
    }

    public void cancelRestart() {
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
        }
        pendingRestart = null;
        nextRestartAt = null;
    }

    /** Called by the restart timer itself when it fires. */
    public void restartFired() {
        pendingRestart = null;
        nextRestartAt = null;
    }

    public Long watchedPid() {
        return watchedPid;
    }

    public void watchedPid(Long pid) {
        watchedPid = pid;
    }

    public boolean gaveUp() {
        return gaveUp;
    }

    public void gaveUp(boolean v) {
        gaveUp = v;
    }

    public boolean checkInFlight() {
        return checkInFlight;
    }

    public void checkInFlight(boolean v) {
        checkInFlight = v;
    }

    public boolean deathHandled() {
        return deathHandled;
    }

    public void deathHandled(boolean v) {
        deathHandled = v;
    }

    public Launched launched() {
        return launched;
    }

    public CompletableFuture<?> exitApplied() {
        return exitApplied;
    }

    public void launched(Launched l, CompletableFuture<?> applied) {
        launched = l;
        exitApplied = applied;
    }

    /** Another process answers now: the exit of the one PM launched no longer says anything about it. */
    public void forgetLaunched(Long answeringPid) {
        if (launched != null && (answeringPid == null || !answeringPid.equals(launched.pid()))) {
            launched = null;
            exitApplied = null;
        }
    }

    /**
     * True when the process PM launched has exited with a code after which it must not be restarted, even if that
     * exit has not been applied to the state yet (the exit callback and the health check race).
     */
    public boolean exitedForGood() {
        Integer code = launched == null ? null : launched.exitCode();
        return code != null && TraderExit.permanent(code);
    }

    /** The configured venue, else the one the trader reports. */
    public String venue() {
        return config.venue() != null ? config.venue() : health.venue();
    }

    public String account() {
        return config.account() != null ? config.account() : health.account();
    }

    public ServiceState state() {
        return health.state();
    }

    public ServiceView view() {
        return new ServiceView(config.id(), config.name(), health.state().name(),
                origin == null ? null : origin.wire(), health.pid(), health.instance(), config.baseUrl(),
                health.lastCheckAt(), health.lastOkAt(), health.consecutiveFailures(), restarts, health.detail(),
                config.launcher().wire(), venue(), account(), health.latencyMs(), nextRestartAt,
                health.pid() == null ? null : health.startedAt(), health.exitCode(), health.lastError(),
                config.hostName(), config.remote(), health.unreachableSince());
    }
}
