package pog.pm.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.proc.ExitWatch;
import pog.common.proc.Liveness;
import pog.pm.adopt.Adopter;
import pog.pm.adopt.Identity;
import pog.pm.adopt.Outcome;
import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.MonitorConfig;
import pog.pm.history.EventLog;
import pog.pm.launch.Launched;
import pog.pm.launch.Launchers;
import pog.pm.registry.Origin;
import pog.pm.registry.Registry;
import pog.pm.registry.RestartPlanner;
import pog.pm.registry.StateChanges;
import pog.pm.registry.ServiceEntry;
import pog.pm.registry.ServiceState;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks every service each interval, all concurrently, and restarts a dead trader PM looks after. It acts only on a
 * trader that is DOWN and whose process is gone: a trader that answers is never touched, and every start goes through
 * {@link Adopter}, which re-probes the port first. A trader PM launched that exited with a code after which a restart
 * cannot help ({@link TraderExit#permanent}) is FAILED and never restarted here; an adopted trader's exit code is
 * unknown, so its death is a crash like any other.
 *
 * <p>Deaths are events, not findings of a poll: a trader PM launched is its child, and its exit (with the code)
 * arrives from the launcher the moment it happens; any other local trader (adopted) has its pid watched through
 * {@link ExitWatch} (a pidfd where the kernel has them). Either makes the trader DOWN at once and hands it to the
 * restart planner, so the HTTP checks only have to say how a live trader is doing.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final MonitorConfig config;
    private final Registry registry;
    private final TraderClient client;
    private final Adopter adopter;
    private final StateChanges changes;
    private final EventLog events;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExitWatch exits;
    private final AtomicLong ticks = new AtomicLong();
    private final ReadPacer pacer;
    /**
     * The rounds' own timer: PM's shared scheduler also runs work that waits (the portfolio poll waits for its
     * reads, the equity sample for SQLite), which delayed a round by 100 ms and more now and then. A round only hands
     * its reads to the client's pool, so this one thread is always free when a round is due.
     */
    private final ScheduledExecutorService rounds = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
                Thread t = new Thread(r, "pm-health");
                t.setDaemon(true);
                return t;
            });
    private volatile ScheduledFuture<?> task;
    private volatile boolean running;

    public HealthMonitor(MonitorConfig config, Registry registry, TraderClient client, Adopter adopter,
                         StateChanges changes, EventLog events, Clock clock, ScheduledExecutorService scheduler,
                         ExitWatch exits) {
        this.exits = exits;
        adopter.onLaunchedExit(this::launchedExited);
        this.config = config;
        this.registry = registry;
        this.client = client;
        this.adopter = adopter;
        this.changes = changes;
        this.events = events;
        this.clock = clock;
        this.scheduler = scheduler;
        this.pacer = new ReadPacer(config.intervalMs());
    }

    public void start() {
        running = true;
        for (ServiceEntry e : registry.all()) {
            watch(e);
        }
        // "read at least every intervalMs": each round is due from the previous one's due time (never its end), a
        // little early by what the last rounds took to be answered (ReadPacer)
        scheduleRound(pacer.nextDue(nowMs()));
        log.info("event=monitor_started intervalMs={} timeoutMs={} exits={}", config.intervalMs(), config.timeoutMs(),
                exits.mechanism());
    }

    public boolean running() {
        return running;
    }

    /** Completed rounds of checks; lets tests wait for "the monitor looked again" instead of sleeping. */
    public long ticks() {
        return ticks.get();
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    private void scheduleRound(long dueAt) {
        if (!running) {
            return;
        }
        try {
            task = rounds.schedule(() -> round(dueAt), Math.max(0, dueAt - nowMs()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // PM is stopping
        }
    }

    private void round(long dueAt) {
        // the next round first: how long this one takes does not push it back
        scheduleRound(Math.max(pacer.nextDue(dueAt), nowMs()));
        tick(pacer.begin(dueAt));
    }

    void tick(ReadPacer.Round round) {
        try {
            for (ServiceEntry e : registry.all()) {
                check(e, round);
            }
            ticks.incrementAndGet();
        } catch (RuntimeException ex) {
            // keep watching whatever happened
            log.error("event=tick_failed error={}", ex.toString(), ex);
        }
    }

    /**
     * Watches the exit of the local process the service's state names, unless the launcher already reports it (a
     * child of PM's, whose exit code matters) or it is watched already. Cheap to call after every change.
     */
    public void watch(ServiceEntry entry) {
        Long pid;
        synchronized (entry) {
            pid = entry.health().pid();
            if (pid == null || !entry.config().local() || pid.equals(entry.watchedPid())) {
                return;
            }
            if (entry.launched() != null && pid.equals(entry.launched().pid()) && entry.launched().exit() != null) {
                return;
            }
            entry.watchedPid(pid);
        }
        long p = pid;
        exits.onExit(p).thenRun(() -> processExited(entry, p, null));
    }

    /** The process PM launched exited with a code that allows a restart (the adopter applied code and line). */
    private void launchedExited(ServiceEntry entry, long pid) {
        processExited(entry, pid, pid);
        // a check may have found it DOWN first and held the restart for this code: the decision is due now
        planRestart(entry);
    }

    /**
     * A watched process is gone: if the state still names it, the trader is DOWN now (no HTTP check needed) and
     * the planner decides at once.
     */
    private void processExited(ServiceEntry entry, long pid, Long launchedPid) {
        if (!running) {
            return;
        }
        boolean[] died = new boolean[1];
        changes.apply(entry, e -> {
            if (e.watchedPid() != null && e.watchedPid() == pid) {
                e.watchedPid(null);
            }
            Long current = e.health().pid();
            if (current == null || current != pid || e.health().rawState().decided()) {
                return;
            }
            e.health().failed("process " + pid + " exited", true);
            died[0] = true;
        });
        if (died[0]) {
            log.info("event=process_exited service={} pid={} via={}", entry.id(), pid,
                    launchedPid != null ? "child" : exits.mechanism());
        }
        if (died[0] || launchedPid != null) {
            // a child's exit decides even when a check made it DOWN first: the planner waited for its code
            // (see exitOnItsWay); the planner acts once per death, so a second call is nothing
            planRestart(entry);
        }
    }

    /** Checks one service now unless a check of it is already under way. */
    public void check(ServiceEntry e) {
        check(e, null);
    }

    private void check(ServiceEntry e, ReadPacer.Round round) {
        synchronized (e) {
            if (e.checkInFlight()) {
                return;
            }
            e.checkInFlight(true);
        }
        client.health(e.config().baseUrl())
                .thenAccept(p -> {
                    if (round != null && p.answered()) {
                        round.answered(nowMs());
                    }
                    onProbe(e, p);
                    watch(e);
                })
                .whenComplete((v, err) -> {
                    synchronized (e) {
                        e.checkInFlight(false);
                    }
                    if (err != null && running) {
                        log.error("event=check_failed service={} error={}", e.id(), err.toString(), err);
                    }
                });
    }

    void onProbe(ServiceEntry entry, HealthProbe p) {
        if (!running) {
            return;
        }
        String[] instanceChange = new String[1];
        boolean[] reappeared = new boolean[1];
        String[] healed = new String[1];
        changes.apply(entry, e -> {
            ServiceState raw = e.health().rawState();
            if (p.answered() && raw.decided()
                    && p.health().pid() != null && e.config().local() && !alive(p.health().pid())) {
                // a late answer from the process that was just stopped: it must not look like a comeback
                return;
            }
            if (p.answered()) {
                String mismatch = Identity.mismatch(e.config(), p.health());
                if (mismatch != null) {
                    e.health().conflict(mismatch);
                } else {
                    String before = e.health().instance();
                    Long beforePid = e.health().pid();
                    Long cutSince = e.health().unreachableSince();
                    if (cutSince != null) {
                        // a remote trader found again after a cut: adopted as what it proves to be, never started
                        boolean same = p.health().instance().equals(before);
                        healed[0] = "found again after " + (clock.millis() - cutSince) + " ms unreachable: pid "
                                + p.health().pid() + " instance " + p.health().instance()
                                + (before == null ? "" : same ? " (the same as before the cut)"
                                : " (was " + before + " pid " + beforePid + ": restarted on its host)");
                    }
                    if (e.health().answered(p.health(), p.latencyMs())) {
                        instanceChange[0] = "instance " + before + " (pid " + beforePid + ") -> "
                                + p.health().instance() + " (pid " + p.health().pid() + ")";
                    }
                    e.forgetLaunched(p.health().pid());
                    if (e.origin() == null) {
                        e.origin(Origin.ADOPTED);
                    }
                    if (raw.decided()) {
                        // someone started it outside PM: watch it again, and restart it if it dies
                        e.stoppedOnPurpose(false);
                        e.planner().reset();
                        e.gaveUp(false);
                        reappeared[0] = true;
                    }
                    e.cancelRestart();
                }
            } else if (p.kind() == HealthProbe.Kind.FOREIGN) {
                e.health().conflict(p.detail());
            } else if (p.kind() == HealthProbe.Kind.NO_ANSWER && raw == ServiceState.CONFLICT && e.origin() == null) {
                // a stranger still holds the port without answering: still a conflict, not a trader that died
                e.health().conflict(e.health().detail());
            } else {
                e.health().failed(p.detail(), processGone(e));
            }
            if (e.health().rawState() != ServiceState.DOWN) {
                e.deathHandled(false);
            }
        });
        if (instanceChange[0] != null) {
            events.record("instance", entry.id(), "instance_changed", null, "restarted elsewhere", instanceChange[0]);
        }
        if (healed[0] != null) {
            log.info("event=adopted_after_cut service={} host={} {}", entry.id(), entry.config().hostName(), healed[0]);
            events.record("adopt", entry.id(), "reachable", null, "ADOPT", healed[0]);
        }
        if (reappeared[0]) {
            events.record("instance", entry.id(), "reappeared", null, "watching", "answers again; started outside PM");
        }
        planRestart(entry);
    }

    private static boolean processGone(ServiceEntry e) {
        Long pid = e.health().pid();
        return pid != null && e.config().local() && !alive(pid)
                && !(e.launched() != null && pid.equals(e.launched().pid()) && exitOnItsWay(e, true));
    }

    /**
     * The process PM launched may be found gone by a check before PM has its exit: the kernel has ended it, but the
     * JDK's reaper has yet to collect its status and the adopter to apply it, a window that grows under load. The
     * exit code decides whether a restart may follow (a permanent one makes the trader FAILED), so a check must not
     * call the trader gone before the exit is applied (its state goes straight to what the exit says), and the
     * planner must not decide before the code is known. A restart planned in that window used to launch a trader
     * whose exit had just said restarting cannot help (FAILED, then a second life with no exit code). The exit
     * arrives moments later through the adopter, which applies it and then has the planner decide.
     *
     * @param untilApplied true: until the adopter has applied the exit; false: until its code is known (the planner
     *                     also runs from inside that application, and {@link ServiceEntry#exitedForGood} reads the code)
     */
    private static boolean exitOnItsWay(ServiceEntry e, boolean untilApplied) {
        Launched l = e.launched();
        if (l == null || l.exit() == null) {
            return false;
        }
        return untilApplied ? e.exitApplied() != null && !e.exitApplied().isDone() : !l.exited();
    }

    private static boolean alive(long pid) {
        return Liveness.alive(pid);
    }

    /**
     * A death PM looks after gets one decision: a restart (at once, or after a backoff for deaths in quick
     * succession; in a crash loop too, shown as CRASH_LOOP), or giving up when {@code restart.giveUpAfter} says so.
     */
    private void planRestart(ServiceEntry entry) {
        RestartPlanner.Decision[] decision = new RestartPlanner.Decision[1];
        changes.apply(entry, e -> {
            ServiceState raw = e.health().rawState();
            boolean retrying = raw == ServiceState.CRASH_LOOP && !e.gaveUp();
            if ((raw != ServiceState.DOWN && !retrying) || e.deathHandled() || e.stoppedOnPurpose() || e.busy()
                    || e.restartPending() || e.exitedForGood() || exitOnItsWay(e, false)
                    || !Launchers.canStart(e.config())
                    || (e.origin() != Origin.ADOPTED && e.origin() != Origin.STARTED)) {
                return;
            }
            Long pid = e.health().pid();
            if (pid != null && e.config().local() && alive(pid)) {
                e.health().note("process " + pid + " is alive but not answering; not starting a second copy");
                return;
            }
            Launched child = e.launched();
            if (child != null && child.exit() != null && !child.exited()) {
                // PM's own child has not reported its exit: it still runs (silent), or it is a zombie the JDK has not
                // reaped yet and its exit code is on its way. The code decides (2-5: FAILED, never restarted), and
                // its arrival plans the restart; a check that found the port closed must not start one before it
                return;
            }
            e.deathHandled(true);
            RestartPlanner.Decision d = e.planner().onDeath(e.health().answeringForMs());
            decision[0] = d;
            String window = d.deathsInWindow() + " deaths within " + e.config().restart().crashLoopWindowMs() + " ms";
            switch (d.kind()) {
                case NONE -> e.health().note(e.health().detail() + " (restart.policy is never)");
                case GIVE_UP -> {
                    e.gaveUp(true);
                    e.health().crashLoop(window + "; gave up (restart.giveUpAfter " + e.config().restart().giveUpAfter()
                            + "): not restarting until an explicit start");
                }
                case CRASH_LOOP, RESTART -> {
                    if (d.kind() == RestartPlanner.Decision.Kind.CRASH_LOOP) {
                        e.health().crashLoop(window + "; retrying in " + d.delayMs() + " ms");
                    }
                    if (d.delayMs() == 0) {
                        // at once, and on this thread's heels: no timer hop between the death and the new process
                        e.restartScheduled(null, clock.millis());
                    } else {
                        ScheduledFuture<?> f = scheduler.schedule(() -> restartNow(entry), d.delayMs(),
                                TimeUnit.MILLISECONDS);
                        e.restartScheduled(f, clock.millis() + d.delayMs());
                    }
                }
            }
        });
        RestartPlanner.Decision d = decision[0];
        if (d == null || d.kind() == RestartPlanner.Decision.Kind.NONE) {
            return;
        }
        if (d.restarts() && d.delayMs() == 0) {
            restartNow(entry);
        }
        String lastError;
        synchronized (entry) {
            lastError = entry.health().lastError();
        }
        String detail = switch (d.kind()) {
            case RESTART -> (d.delayMs() == 0 ? "at once" : "backoff " + d.delayMs() + " ms")
                    + " (death " + d.deathsInWindow() + " in window)";
            case CRASH_LOOP -> d.deathsInWindow() + " deaths in window; retrying in " + d.delayMs() + " ms"
                    + (lastError == null ? "" : "; last error: " + lastError);
            default -> d.deathsInWindow() + " deaths in window; gave up (restart.giveUpAfter)"
                    + (lastError == null ? "" : "; last error: " + lastError);
        };
        events.record("restart", entry.id(), switch (d.kind()) {
            case RESTART -> "restart_scheduled";
            case CRASH_LOOP -> "crash_loop";
            default -> "gave_up";
        }, null, d.kind().name(), detail);
    }

    private void restartNow(ServiceEntry entry) {
        boolean go;
        synchronized (entry) {
            entry.restartFired();
            ServiceState raw = entry.health().rawState();
            go = running && !entry.stoppedOnPurpose() && !entry.busy() && !entry.exitedForGood()
                    && (raw == ServiceState.DOWN || (raw == ServiceState.CRASH_LOOP && !entry.gaveUp()));
            if (go) {
                entry.busy(true);
            }
        }
        if (!go) {
            return;
        }
        adopter.probeAndAct(entry, true, "restart").whenComplete((outcome, err) -> {
            changes.apply(entry, e -> {
                e.busy(false);
                if (outcome == Outcome.START) {
                    e.countRestart();
                } else if (outcome == Outcome.ABSENT || outcome == Outcome.WAIT) {
                    // the start did not happen: the next check counts it as another death
                    e.deathHandled(false);
                }
            });
            // whatever runs there now (adopted, or a process that is alive but silent): learn of its exit at once
            watch(entry);
        });
    }

    /** Stops checking and cancels pending restarts; never touches a trader. */
    @Override
    public void close() {
        running = false;
        if (task != null) {
            task.cancel(false);
        }
        rounds.shutdownNow();
        for (ServiceEntry e : registry.all()) {
            synchronized (e) {
                e.cancelRestart();
            }
        }
        log.info("event=monitor_stopped");
    }
}
