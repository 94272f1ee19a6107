package pog.pm.adopt;

import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.ServiceConfig;
import pog.pm.health.StateChanges;
import pog.pm.history.EventLog;
import pog.pm.launch.Launchers;
import pog.pm.launch.PidFile;
import pog.pm.registry.Origin;
import pog.pm.registry.ServiceEntry;
import pog.pm.registry.ServiceState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    private final ExecutorService actions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pm-adopt");
        t.setDaemon(true);
        return t;
    });

    public Adopter(TraderClient client, Launchers launchers, StateChanges changes, EventLog events, Path dataDir) {
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
        } else if (p.kind() != HealthProbe.Kind.NOTHING) {
            outcome = Outcome.CONFLICT;
            detail = s.host() + ":" + s.port() + " is held by something that is not " + s.id() + " (" + p.detail() + ")";
            changes.apply(entry, e -> e.health().conflict(detail));
        } else {
            Optional<ProcessHandle> earlier = previousProcess(entry);
            if (earlier.isPresent()) {
                outcome = Outcome.WAIT;
                detail = "process " + earlier.get().pid() + " started earlier is alive but not answering; "
                        + "not starting a second copy";
                changes.apply(entry, e -> e.health().failed(detail, false));
            } else if (!mayStart || !Launchers.canStart(s)) {
                outcome = Outcome.ABSENT;
                detail = "nothing listening on " + s.host() + ":" + s.port()
                        + (Launchers.canStart(s) ? "" : " (external: PM never starts it)");
                changes.apply(entry, e -> e.health().failed("nothing listening", false));
            } else {
                Long pid;
                try {
                    pid = launchers.of(s).start(s);
                } catch (IOException | RuntimeException ex) {
                    String why2 = "launch failed: " + ex.getMessage();
                    events.record("launch", s.id(), why, null, "failed", why2);
                    changes.apply(entry, e -> e.health().failed(why2, false));
                    return Outcome.ABSENT;
                }
                outcome = Outcome.START;
                detail = "launched with " + s.launcher().wire() + (pid == null ? "" : " as pid " + pid);
                changes.apply(entry, e -> {
                    e.health().starting(pid);
                    e.origin(Origin.STARTED);
                    e.stoppedOnPurpose(false);
                    // a new life: its death will be a new decision
                    e.deathHandled(false);
                });
            }
        }
        events.record("adopt", s.id(), why, null, outcome.name(), detail);
        return outcome;
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
            Optional<ProcessHandle> p = ProcessHandle.of(known).filter(ProcessHandle::isAlive);
            if (p.isPresent()) {
                return p;
            }
        }
        return PidFile.alive(PidFile.of(dataDir, entry.id()));
    }
}
