package pog.pm.adopt;

import pog.common.auth.ControlToken;
import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.ServiceConfig;
import pog.pm.registry.StateChanges;
import pog.pm.history.EventLog;
import pog.pm.registry.TraderExit;
import pog.pm.launch.Launched;
import pog.pm.launch.Launchers;
import pog.pm.launch.LogTail;
import pog.pm.launch.PidFile;
import pog.pm.registry.Origin;
import pog.pm.registry.ServiceEntry;
import pog.pm.registry.ServiceState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Probes a trader's port right before any decision to start it, so PM never starts a second copy: at start-up, on an
 * automatic restart and on an explicit start. Each decision is an event.
 */
public final class Adopter implements AutoCloseable {
    private final TraderClient client;
    private final Launchers launchers;
    private final StateChanges changes;
    private final EventLog events;
    private final Path dataDir;
    private final String secret;
    private volatile java.util.function.BiConsumer<ServiceEntry, Long> launchedExit = (e, pid) -> { };
    // a thread per action while there are any (the start probes every trader at once); idle ones end after a few
    // seconds instead of the usual minute: each thread's stack is PM's memory
    private final ExecutorService actions = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 3,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "pm-adopt");
                t.setDaemon(true);
                return t;
            });

    /** @param token masked should it ever appear in a trader's last words (null: none) */
    public Adopter(TraderClient client, Launchers launchers, StateChanges changes, EventLog events, Path dataDir,
                   ControlToken token) {
        this.secret = token == null ? null : token.reveal();
        this.client = client;
        this.launchers = launchers;
        this.changes = changes;
        this.events = events;
        this.dataDir = dataDir;
    }

    /**
     * Probes and acts. {@code mayStart} false only watches (autostart off). Completes with the outcome; never fails.
     * @param why "startup", "restart" or "start" (an explicit act), recorded with the event
     */
    public CompletableFuture<Outcome> probeAndAct(ServiceEntry entry, boolean mayStart, String why) {
        // decisions run on their own threads: a slow `systemctl start` must never hold up the health checks
        String url = entry.config().baseUrl();
        return client.health(url)
                .thenCompose(p -> p.kind() != HealthProbe.Kind.NO_ANSWER ? CompletableFuture.completedFuture(p)
                        // a busy or cold trader is not yet a stranger: one more, longer look before CONFLICT
                        : client.health(url, client.timeout().multipliedBy(4)))
                .thenApplyAsync(p -> act(entry, p, mayStart, why), actions);
    }

    /**
     * Told (after the code and line are in the state) when a process PM launched exits with a code that allows a
     * restart, so the death is acted on at once rather than at the next check.
     */
    public void onLaunchedExit(java.util.function.BiConsumer<ServiceEntry, Long> listener) {
        launchedExit = listener;
    }

    @Override
    public void close() {
        actions.shutdown();
    }

    private Outcome act(ServiceEntry entry, HealthProbe p, boolean mayStart, String why) {
        ServiceConfig s = entry.config();
        Outcome outcome;
        String detail;
        if (p.answered()) {
            String mismatch = Identity.mismatch(s, p.health());
            if (mismatch == null) {
                outcome = Outcome.ADOPT;
                detail = "pid " + p.health().pid() + " instance " + p.health().instance();
                changes.apply(entry, e -> {
                    // a trader PM already watches (a second start, a start racing its own launch) keeps its origin
                    boolean known = e.origin() != null && (e.health().rawState().answering()
                            || e.health().rawState() == ServiceState.STARTING);
                    e.health().answered(p.health(), p.latencyMs());
                    e.forgetLaunched(p.health().pid());
                    if (!known) {
                        e.origin(Origin.ADOPTED);
                    }
                    e.stoppedOnPurpose(false);
                    e.deathHandled(false);
                });
            } else {
                outcome = Outcome.CONFLICT;
                detail = mismatch;
                changes.apply(entry, e -> e.health().conflict(mismatch));
            }
        } else if (s.remote() && p.kind() != HealthProbe.Kind.FOREIGN) {
            // another host that does not answer: unreachable, not a stranger on the port and not a reason to start
            outcome = Outcome.ABSENT;
            detail = s.host() + ":" + s.port() + " unreachable (" + p.detail() + "); a trader on another host is never "
                    + "started by PM";
            changes.apply(entry, e -> e.health().failed(p.detail(), false));
        } else if (p.kind() != HealthProbe.Kind.NOTHING) {
            outcome = Outcome.CONFLICT;
            detail = s.host() + ":" + s.port() + " is held by something that is not " + s.id() + " (" + p.detail() + ")";
            changes.apply(entry, e -> e.health().conflict(detail));
        } else {
            Optional<ProcessHandle> earlier = previousProcess(entry);
            if (earlier.isPresent()) {
                outcome = Outcome.WAIT;
                long alive = earlier.get().pid();
                detail = "process " + alive + " started earlier is alive but not answering; "
                        + "not starting a second copy (watching it: adopted once it answers, restarted once it exits)";
                changes.apply(entry, e -> {
                    e.health().waiting(alive, detail);
                    if (e.origin() == null && mayStart && Launchers.canStart(s)) {
                        // PM's own pid file names it: PM looks after it, so its exit is a death PM acts on
                        e.origin(Origin.STARTED);
                    }
                });
            } else if (!mayStart || !Launchers.canStart(s)) {
                outcome = Outcome.ABSENT;
                detail = "nothing listening on " + s.host() + ":" + s.port()
                        + (Launchers.canStart(s) ? "" : " (external: PM never starts it)");
                changes.apply(entry, e -> e.health().failed("nothing listening", false));
            } else {
                Launched launched;
                try {
                    launched = launchers.of(s).start(s);
                } catch (IOException | RuntimeException ex) {
                    String why2 = "launch failed: " + ex.getMessage();
                    events.record("launch", s.id(), why, null, "failed", why2);
                    changes.apply(entry, e -> e.health().failed(why2, false));
                    return Outcome.ABSENT;
                }
                Long pid = launched.pid();
                outcome = Outcome.START;
                detail = "launched with " + s.launcher().wire() + (pid == null ? "" : " as pid " + pid);
                changes.apply(entry, e -> {
                    e.health().starting(pid);
                    e.origin(Origin.STARTED);
                    e.stoppedOnPurpose(false);
                    // a new life: its death will be a new decision
                    e.deathHandled(false);
                    // registered under the entry's lock, so the exit (even an instant one) finds it in place
                    e.launched(launched, launched.exit() == null ? null
                            : launched.exit().thenAcceptAsync(code -> exited(entry, launched, code), actions));
                });
            }
        }
        events.record("adopt", s.id(), why, null, outcome.name(), detail);
        return outcome;
    }

    /**
     * The process PM launched has exited: the code and its last line go into the state (FAILED for a code after
     * which a restart cannot help) and into the events. Runs once per launch.
     */
    private void exited(ServiceEntry entry, Launched launched, int code) {
        String line = LogTail.lastLine(launched.logFile(), launched.logOffset(), secret);
        boolean permanent = TraderExit.permanent(code);
        boolean[] current = new boolean[1];
        changes.apply(entry, e -> {
            if (e.launched() != launched) {
                return;
            }
            current[0] = true;
            e.health().exited(launched.pid(), code, line, permanent);
            if (permanent) {
                // no restart is coming: cancel one the health check may have planned a moment ago
                e.cancelRestart();
                e.deathHandled(true);
            }
        });
        if (current[0]) {
            events.record("launch", entry.id(), "exit", null, permanent ? "FAILED" : "exited",
                    "pid " + launched.pid() + " exit code " + code + " (" + TraderExit.meaning(code) + ")"
                            + (line == null ? "" : ": " + line));
            if (!permanent && launched.pid() != null) {
                launchedExit.accept(entry, launched.pid());
            }
        }
    }

    /** A process we know of for this trader that still runs: the pid it last reported, or the one PM launched. */
    private Optional<ProcessHandle> previousProcess(ServiceEntry entry) {
        if (!entry.config().local()) {
            return Optional.empty();
        }
        Long known;
        synchronized (entry) {
            known = entry.health().pid();
        }
        if (known != null) {
            Optional<ProcessHandle> p = pog.common.proc.Liveness.handle(known);
            if (p.isPresent()) {
                return p;
            }
        }
        return PidFile.alive(PidFile.of(dataDir, entry.id()));
    }
}
