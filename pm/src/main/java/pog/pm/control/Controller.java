package pog.pm.control;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.contract.PositionView;
import pog.pm.adopt.Adopter;
import pog.pm.adopt.Identity;
import pog.pm.adopt.Outcome;
import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.LauncherKind;
import pog.pm.config.PmConfig;
import pog.pm.config.ServiceConfig;
import pog.pm.registry.StateChanges;
import pog.pm.history.EventLog;
import pog.pm.launch.Launchers;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Start, stop, restart and stop-all, each an audit event (when, what, from where, outcome). A stop asks the trader
 * through its API and then confirms the process is gone; SIGTERM and SIGKILL are used only here, only as the
 * fallback of an explicit stop, and only on the pid the trader itself reported.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    private static final long POLL_MS = 100;
    /** How long an explicit start waits for the new process to answer or exit before it reports "started". */
    static final long START_CONFIRM_MS = 10_000;

    private final PmConfig config;
    private final Registry registry;
    private final TraderClient client;
    private final Adopter adopter;
    private final Launchers launchers;
    private final StateChanges changes;
    private final EventLog events;
    private final ExecutorService pool;
    private final pog.common.proc.ExitWatch exits;

    public Controller(PmConfig config, Registry registry, TraderClient client, Adopter adopter, Launchers launchers,
                      StateChanges changes, EventLog events, pog.common.proc.ExitWatch exits) {
        this.exits = exits;
        this.config = config;
        this.registry = registry;
        this.client = client;
        this.adopter = adopter;
        this.launchers = launchers;
        this.changes = changes;
        this.events = events;
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, Math.min(32, config.services().size()));
        // stop-all stops every trader at once; between control actions no thread is kept
        java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 10,
                TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "pm-control-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        this.pool = p;
    }

    /** The service by id; the caller (the API) has already refused an unknown one. */
    private ServiceEntry require(String id) {
        ServiceEntry e = registry.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no service '" + id + "' in PM's configuration");
        }
        return e;
    }

    /** Probes, then adopts or launches; the outcome says which, or why not. */
    public StartResult start(String id, String remote) {
        ServiceEntry entry = require(id);
        StartResult r = startEntry(entry);
        events.audit(id, "start", remote, r.outcome().wire(), r.detail());
        return r;
    }

    private StartResult startEntry(ServiceEntry entry) {
        ServiceConfig s = entry.config();
        if (!Launchers.canStart(s)) {
            return new StartResult(s.id(), StartOutcome.REFUSED, null, stateOf(entry), "external service: PM never starts it");
        }
        if (!claim(entry)) {
            return new StartResult(s.id(), StartOutcome.BUSY, null, stateOf(entry), "another action on " + s.id() + " is under way");
        }
        try {
            boolean wasAnswering;
            synchronized (entry) {
                entry.cancelRestart();
                wasAnswering = entry.state().answering();
            }
            Outcome o = adopter.probeAndAct(entry, true, "start")
                    .get(config.monitor().timeoutMs() + 5_000, TimeUnit.MILLISECONDS);
            Long pid;
            synchronized (entry) {
                pid = entry.health().pid();
                if (o == Outcome.START) {
                    entry.planner().reset();
                    entry.gaveUp(false);
                    entry.deathHandled(false);
                }
            }
            if (o == Outcome.START) {
                return confirmStart(entry, pid);
            }
            return switch (o) {
                case START -> throw new IllegalStateException("handled above");
                case ADOPT -> wasAnswering
                        ? new StartResult(s.id(), StartOutcome.ALREADY_RUNNING, pid, stateOf(entry), s.id() + " already runs as pid " + pid)
                        : new StartResult(s.id(), StartOutcome.ADOPTED, pid, stateOf(entry), s.id() + " was running as pid " + pid + "; adopted");
                case CONFLICT, WAIT -> new StartResult(s.id(), StartOutcome.CONFLICT, pid, stateOf(entry), detailOf(entry));
                case ABSENT -> new StartResult(s.id(), StartOutcome.FAILED, pid, stateOf(entry), detailOf(entry));
            };
        } catch (ExecutionException | TimeoutException e) {
            return new StartResult(s.id(), StartOutcome.FAILED, null, stateOf(entry), "probe failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StartResult(s.id(), StartOutcome.FAILED, null, stateOf(entry), "interrupted");
        } finally {
            release(entry);
        }
    }

    /**
     * Waits (at most {@link #START_CONFIRM_MS}) until the process just launched answers or exits, so a start of a
     * trader whose configuration is still broken says so instead of "started".
     */
    private StartResult confirmStart(ServiceEntry entry, Long pid) throws InterruptedException {
        ServiceConfig s = entry.config();
        CompletableFuture<?> exitApplied;
        synchronized (entry) {
            exitApplied = entry.exitApplied();
        }
        long deadline = System.nanoTime() + START_CONFIRM_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (exitApplied != null) {
                try {
                    exitApplied.get(POLL_MS, TimeUnit.MILLISECONDS);
                    return exitedAtStart(entry, pid);
                } catch (TimeoutException stillRunning) {
                    // it lives: does it answer yet?
                } catch (ExecutionException e) {
                    exitApplied = null;
                }
            }
            HealthProbe p = probe(s);
            if (p.answered() && Identity.mismatch(s, p.health()) == null) {
                return new StartResult(s.id(), StartOutcome.STARTED, pid, stateOf(entry), "launched; it answers");
            }
            if (exitApplied == null) {
                Thread.sleep(POLL_MS);
            }
        }
        return new StartResult(s.id(), StartOutcome.STARTED, pid, stateOf(entry), "launched; not answering yet after "
                + START_CONFIRM_MS + " ms: watch its state");
    }

    private static StartResult exitedAtStart(ServiceEntry entry, Long pid) {
        synchronized (entry) {
            Integer code = entry.health().exitCode();
            String line = entry.health().lastError();
            String what = entry.id() + " exited with code " + code + " ("
                    + (code == null ? "unknown" : pog.pm.registry.TraderExit.meaning(code)) + ")"
                    + (line == null ? " without an error line" : ": " + line);
            String next = entry.state() == pog.pm.registry.ServiceState.FAILED
                    ? "; PM will not restart it: fix the cause, then start it again"
                    : "; PM restarts it as its restart policy says";
            return new StartResult(entry.id(), StartOutcome.FAILED, pid, entry.state().name(), what + next, code, line);
        }
    }

    /** Stops it (optionally flattening first) and confirms it is gone; the outcome says how it went. */
    public StopResult stop(String id, boolean flatten, String remote) {
        ServiceEntry entry = require(id);
        StopResult r = stopEntry(entry, flatten);
        events.audit(id, flatten ? "stop+flatten" : "stop", remote, r.outcome().wire(), r.detail() + "; " + r.verdict());
        return r;
    }

    /** Stop (no flatten), confirm it is gone, start; {@link RestartResult#outcome} says how far it got. */
    public RestartResult restart(String id, String remote) {
        ServiceEntry entry = require(id);
        if (!Launchers.canStart(entry.config())) {
            events.audit(id, "restart", remote, "refused", "external service");
            return new RestartResult(id, null, null);
        }
        StopResult stopped = stopEntry(entry, false);
        if (!stopped.gone()) {
            events.audit(id, "restart", remote, "failed", "stop: " + stopped.detail());
            return new RestartResult(id, stopped, null);
        }
        StartResult started = startEntry(entry);
        events.audit(id, "restart", remote, started.outcome().wire(), started.detail());
        return new RestartResult(id, stopped, started);
    }

    /** Stops every trader concurrently and reports each; a failure of one never holds up the others. */
    public StopAllReport stopAll(boolean flatten, String remote) {
        List<CompletableFuture<StopResult>> futures = new ArrayList<>();
        for (ServiceEntry e : registry.all()) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                StopResult r = stopEntry(e, flatten);
                events.audit(e.id(), flatten ? "stop-all:stop+flatten" : "stop-all:stop", remote, r.outcome().wire(),
                        r.detail() + "; " + r.verdict());
                return r;
            }, pool).exceptionally(err -> new StopResult(e.id(), StopOutcome.FAILED, StopMethod.NONE, null, null, err.toString(), 0)));
        }
        List<StopResult> results = futures.stream().map(CompletableFuture::join).toList();
        boolean all = results.stream().allMatch(r -> r.gone() || r.outcome() == StopOutcome.SKIPPED);
        StopAllReport report = StopAllReport.of(all, flatten, results);
        events.audit(null, flatten ? "stop-all+flatten" : "stop-all", remote, all ? "all-stopped" : "incomplete",
                results.stream().map(r -> r.id() + "=" + r.outcome().wire()).reduce((a, b) -> a + " " + b).orElse("no services")
                        + "; " + report.summary());
        return report;
    }

    private StopResult stopEntry(ServiceEntry entry, boolean flatten) {
        ServiceConfig s = entry.config();
        long t0 = System.nanoTime();
        if (s.launcher() == LauncherKind.EXTERNAL) {
            return new StopResult(s.id(), StopOutcome.SKIPPED, StopMethod.NONE, null, null, "external service: PM never stops it", 0);
        }
        if (!claim(entry)) {
            return new StopResult(s.id(), StopOutcome.FAILED, StopMethod.NONE, null, null, "another action on " + s.id() + " is under way", 0);
        }
        Long pid;
        synchronized (entry) {
            // first, so neither the monitor nor a pending timer brings it back while it goes
            entry.stoppedOnPurpose(true);
            entry.cancelRestart();
            pid = entry.health().pid();
        }
        StopResult r;
        JsonNode[] reported = new JsonNode[1];
        try {
            r = doStop(s, pid, flatten, t0, reported);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = new StopResult(s.id(), StopOutcome.FAILED, StopMethod.NONE, pid, null, "interrupted", ms(t0));
        } catch (Exception e) {
            log.error("event=stop_error service={} error={}", s.id(), e.toString(), e);
            r = new StopResult(s.id(), StopOutcome.FAILED, StopMethod.NONE, pid, null, "stop failed: " + e.getMessage(), ms(t0));
        }
        StopResult result = leftBehind(r, reported[0]);
        changes.apply(entry, e -> {
            e.busy(false);
            if (result.gone()) {
                e.health().stopped("stopped on purpose (" + result.method().wire() + ")");
            } else {
                e.health().note("stop failed: " + result.detail());
            }
        });
        return result;
    }

    /**
     * CLEAN / NOT CLEAN from the trader's own last look at its venue (the {@code leftBehind} of its shutdown answer).
     * A trader that was stopped without saying it (killed, unreachable, an older trader) is NOT CLEAN: unconfirmed.
     */
    static StopResult leftBehind(StopResult r, JsonNode answer) {
        if (r.outcome() == StopOutcome.SKIPPED || r.outcome() == StopOutcome.ALREADY_STOPPED) {
            return r.withLeftBehind(null, r.outcome() == StopOutcome.SKIPPED ? "not stopped by PM"
                    : "was not running: nothing stopped, nothing read from its venue");
        }
        JsonNode left = answer == null ? null : answer.get("leftBehind");
        if (left == null || !left.hasNonNull("clean")) {
            return r.withLeftBehind(false, "not confirmed: " + r.id() + " did not report what it left on its venue"
                    + (r.method() == StopMethod.API ? "" : " (stopped by " + r.method().wire() + ")"));
        }
        boolean clean = left.path("clean").asBoolean(false);
        String what = left.path("detail").asText("no detail");
        if (Boolean.FALSE.equals(r.flattened())) {
            clean = false;
            what = "flatten did not finish: " + what;
        } else if (Boolean.TRUE.equals(r.flattened()) && left.path("positions").size() > 0) {
            clean = false;
            what = "asked to flatten, but: " + what;
        }
        if (!r.gone()) {
            clean = false;
        }
        return r.withLeftBehind(clean, what);
    }

    private StopResult doStop(ServiceConfig s, Long knownPid, boolean flatten, long t0, JsonNode[] reported)
            throws Exception {
        HealthProbe probe = probe(s);
        Long pid = knownPid;
        if (probe.answered()) {
            String mismatch = Identity.mismatch(s, probe.health());
            if (mismatch != null) {
                return new StopResult(s.id(), StopOutcome.FAILED, StopMethod.NONE, null, null, "not touching it: " + mismatch, ms(t0));
            }
            pid = probe.health().pid();
        }
        Optional<ProcessHandle> process = pid == null || !s.local() ? Optional.empty()
                : pog.common.proc.Liveness.handle(pid);
        if (!probe.answered() && process.isEmpty()) {
            if (s.launcher() == LauncherKind.SYSTEMD) {
                launchers.of(s).stop(s);
                return new StopResult(s.id(), StopOutcome.STOPPED, StopMethod.SYSTEMD, pid, null, "systemctl stop " + s.unit(), ms(t0));
            }
            if (probe.kind() == HealthProbe.Kind.NOTHING) {
                return new StopResult(s.id(), StopOutcome.ALREADY_STOPPED, StopMethod.NONE, pid, null, "nothing running", ms(t0));
            }
            return new StopResult(s.id(), StopOutcome.FAILED, StopMethod.NONE, pid, null,
                    "the port is held but does not answer, and PM knows no pid to stop", ms(t0));
        }
        Boolean flattened = null;
        List<String> notes = new ArrayList<>();
        if (flatten) {
            flattened = probe.answered() && flatten(s, notes);
            if (!probe.answered()) {
                notes.add("not answering, so it could not flatten");
            }
        }
        if (s.launcher() == LauncherKind.SYSTEMD) {
            launchers.of(s).stop(s);
            boolean quiet = awaitNothing(s, config.stop().graceMs());
            return new StopResult(s.id(), quiet ? StopOutcome.STOPPED : StopOutcome.FAILED, StopMethod.SYSTEMD, pid, flattened,
                    quiet ? join(notes, "systemctl stop " + s.unit()) : join(notes, "still answering after systemctl stop"),
                    ms(t0));
        }
        if (probe.answered()) {
            TraderClient.Reply answer = controlAnswer(s, "shutdown");
            int status = answer == null ? -1 : answer.status();
            if (status / 100 != 2) {
                notes.add("shutdown answered " + (status < 0 ? "nothing" : "HTTP " + status));
            } else {
                try {
                    reported[0] = pog.common.json.Json.mapper().readTree(answer.body());
                } catch (java.io.IOException e) {
                    notes.add("shutdown answer is not JSON");
                }
            }
        }
        if (process.isEmpty()) {
            boolean quiet = awaitNothing(s, config.stop().graceMs());
            return new StopResult(s.id(), quiet ? StopOutcome.STOPPED : StopOutcome.FAILED, StopMethod.API, pid, flattened,
                    join(notes, quiet ? "no longer answering (no local pid to confirm)" : "still answering"), ms(t0));
        }
        ProcessHandle p = process.get();
        if (waitGone(p, config.stop().graceMs())) {
            return new StopResult(s.id(), StopOutcome.STOPPED, StopMethod.API, pid, flattened, join(notes, "process " + pid + " exited"), ms(t0));
        }
        // the explicit stop's fallback: the trader did not exit on its own
        log.warn("event=stop_escalation service={} pid={} signal=SIGTERM", s.id(), pid);
        p.destroy();
        if (waitGone(p, config.stop().termMs())) {
            return new StopResult(s.id(), StopOutcome.STOPPED, StopMethod.SIGTERM, pid, flattened,
                    join(notes, "did not exit within " + config.stop().graceMs() + " ms; SIGTERM"), ms(t0));
        }
        log.warn("event=stop_escalation service={} pid={} signal=SIGKILL", s.id(), pid);
        p.destroyForcibly();
        if (waitGone(p, 5_000)) {
            return new StopResult(s.id(), StopOutcome.STOPPED, StopMethod.SIGKILL, pid, flattened,
                    join(notes, "ignored SIGTERM for " + config.stop().termMs() + " ms; SIGKILL"), ms(t0));
        }
        return new StopResult(s.id(), StopOutcome.FAILED, StopMethod.SIGKILL, pid, flattened, join(notes, "process " + pid
                + " survived SIGKILL"), ms(t0));
    }

    private boolean flatten(ServiceConfig s, List<String> notes) throws InterruptedException {
        int status = controlStatus(s, "flatten");
        if (status / 100 != 2) {
            notes.add("flatten answered " + (status < 0 ? "nothing" : "HTTP " + status));
            return false;
        }
        long deadline = System.nanoTime() + config.stop().flattenTimeoutMs() * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                List<PositionView> open = client.positions(s.baseUrl()).get(config.monitor().timeoutMs() + 1_000,
                        TimeUnit.MILLISECONDS);
                if (open.stream().allMatch(p -> p.size() == null || p.size().signum() == 0)) {
                    return true;
                }
            } catch (ExecutionException | TimeoutException e) {
                // keep asking until the deadline: the trader may be busy closing
            }
            Thread.sleep(POLL_MS * 2);
        }
        notes.add("positions still open after " + config.stop().flattenTimeoutMs() + " ms");
        return false;
    }

    private TraderClient.Reply controlAnswer(ServiceConfig s, String action) throws InterruptedException {
        try {
            // the trader reads its venue once more before it answers: allow for that
            return client.controlAnswer(s.baseUrl(), action, Duration.ofMillis(Math.max(10_000, config.monitor().timeoutMs() * 3)))
                    .get(35, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private int controlStatus(ServiceConfig s, String action) throws InterruptedException {
        try {
            return client.control(s.baseUrl(), action, Duration.ofMillis(Math.max(2_000, config.monitor().timeoutMs() * 3)))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    private HealthProbe probe(ServiceConfig s) throws InterruptedException {
        try {
            return client.health(s.baseUrl()).get(config.monitor().timeoutMs() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new HealthProbe(HealthProbe.Kind.NO_ANSWER, null, e.toString(), -1);
        }
    }

    private boolean awaitNothing(ServiceConfig s, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (probe(s).kind() == HealthProbe.Kind.NOTHING) {
                return true;
            }
            Thread.sleep(POLL_MS);
        }
        return false;
    }

    /** The JDK's onExit polls for a process that is not PM's child and never ends for a zombie: the watch does not. */
    private boolean waitGone(ProcessHandle p, long timeoutMs) throws InterruptedException {
        try {
            exits.onExit(p.pid()).get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !pog.common.proc.Liveness.alive(p.pid());
        }
    }

    private boolean claim(ServiceEntry entry) {
        synchronized (entry) {
            if (entry.busy()) {
                return false;
            }
            entry.busy(true);
            return true;
        }
    }

    private void release(ServiceEntry entry) {
        synchronized (entry) {
            entry.busy(false);
        }
    }

    private static String stateOf(ServiceEntry e) {
        synchronized (e) {
            return e.state().name();
        }
    }

    private static String detailOf(ServiceEntry e) {
        synchronized (e) {
            return e.health().detail();
        }
    }

    private static String join(List<String> notes, String last) {
        if (notes.isEmpty()) {
            return last;
        }
        return String.join("; ", notes) + "; " + last;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
