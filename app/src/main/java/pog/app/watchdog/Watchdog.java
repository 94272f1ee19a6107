package pog.app.watchdog;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The watchdog's decisions, one {@link #tick} at a time: look at PM's port, and start PM only when nothing listens
 * there and no live process holds PM's lock. Something else on the port is a conflict (never a second copy); a PM
 * that holds the port but does not answer is reported, never killed. A failed start backs off (1 s doubling to 60 s)
 * so a PM that cannot start is not respawned in a tight loop. Time comes from the injected clock only.
 */
public final class Watchdog {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** What a tick saw and did. */
    public enum Action {
        /** PM answers; nothing to do. */
        UP,
        /** Nothing listened: PM was launched. */
        STARTED,
        /** A PM is starting (ours, or the process holding PM's lock) and does not answer yet. */
        STARTING,
        /** The PM this watchdog launched answers now. */
        READY,
        /** The PM this watchdog launched exited, did not answer in time, or could not be launched. */
        START_FAILED,
        /** Nothing listens, but the last start failed: waiting before the next one. */
        BACKOFF,
        /** Something that is not PM answers on, or holds, PM's port: PM is not started. */
        CONFLICT,
        /** PM (the lock holder) is alive and holds the port but does not answer in time: reported, left alone. */
        UNRESPONSIVE
    }

    /** One tick's outcome; {@code pid} is PM's (or the holder's) when known, {@code tookMs} for READY. */
    public record Step(Action action, Long pid, String detail, Long tookMs) {
        static Step of(Action action, Long pid, String detail) {
            return new Step(action, pid, detail, null);
        }
    }

    private final PmProbe probe;
    private final PmStarter starter;
    private final LockHolder lock;
    private final Clock clock;
    private final Duration startTimeout;

    private PmStarter.Launched launched;
    private long launchedAt;
    private int failures;
    private long nextStartAt = Long.MIN_VALUE;
    private Step lastReported;
    private Action last;

    public Watchdog(PmProbe probe, PmStarter starter, LockHolder lock, Clock clock, Duration startTimeout) {
        this.probe = probe;
        this.starter = starter;
        this.lock = lock;
        this.clock = clock;
        this.startTimeout = startTimeout;
    }

    /** One look and, when needed, one action. Never throws for what it finds; a launch failure is a step too. */
    public Step tick() {
        PmProbe.Result seen = probe.probe();
        long now = clock.millis();
        Step step = switch (seen.kind()) {
            case PM -> answering(seen, now);
            case NOTHING, NO_ANSWER -> silent(seen, now);
            case FOREIGN -> foreign(seen);
        };
        last = step.action();
        return step;
    }

    private Step answering(PmProbe.Result seen, long now) {
        failures = 0;
        nextStartAt = Long.MIN_VALUE;
        if (launched != null) {
            PmStarter.Launched ours = launched;
            launched = null;
            if (ours.pid() == seen.pid()) {
                return new Step(Action.READY, seen.pid(), "started PM answers", now - launchedAt);
            }
            // someone else's PM won the port (ours exits on the lock or the port): it is the one that counts
            return Step.of(Action.UP, seen.pid(), "another PM answered (ours was pid " + ours.pid() + ")");
        }
        return Step.of(Action.UP, seen.pid(), "answers as PM");
    }

    private Step silent(PmProbe.Result seen, long now) {
        if (launched != null) {
            if (!launched.alive()) {
                return failed(now, launched.pid(), "exited before answering");
            }
            if (now - launchedAt > startTimeout.toMillis()) {
                // still alive: it holds the lock, so later ticks see it as the holder and never start a second copy
                return failed(now, launched.pid(), "did not answer within " + startTimeout.toMillis() + " ms");
            }
            return Step.of(Action.STARTING, launched.pid(), "started, not answering yet (" + seen.detail() + ")");
        }
        OptionalLong holder = lock.pid();
        if (holder.isPresent()) {
            return seen.kind() == PmProbe.Kind.NOTHING
                    ? Step.of(Action.STARTING, holder.getAsLong(), "holds PM's lock, not listening yet")
                    : Step.of(Action.UNRESPONSIVE, holder.getAsLong(), "holds PM's lock and port but "
                    + seen.detail());
        }
        if (seen.kind() == PmProbe.Kind.NO_ANSWER) {
            return Step.of(Action.CONFLICT, null, "port held but " + seen.detail() + ", and no PM holds its lock");
        }
        if (now < nextStartAt) {
            return Step.of(Action.BACKOFF, null, "next start in " + (nextStartAt - now) + " ms");
        }
        try {
            launched = starter.start();
        } catch (IOException | RuntimeException e) {
            return failed(now, null, "could not launch: " + e.getMessage());
        }
        launchedAt = now;
        return Step.of(Action.STARTED, launched.pid(), "nothing listened");
    }

    private Step foreign(PmProbe.Result seen) {
        if (launched != null && !launched.alive()) {
            // ours lost the port to whatever answers there now
            launched = null;
        }
        return Step.of(Action.CONFLICT, null, seen.detail());
    }

    private Step failed(long now, Long pid, String detail) {
        launched = null;
        failures++;
        long backoff = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20));
        nextStartAt = now + backoff;
        return Step.of(Action.START_FAILED, pid, detail + "; next start not before " + backoff + " ms");
    }

    /**
     * True while a PM is starting (one this watchdog launched, or the lock holder, which may also be a PM killed a
     * moment ago and still being torn down): the caller looks again sooner than its interval.
     */
    public boolean starting() {
        return launched != null || last == Action.STARTING;
    }

    /**
     * Whether this step is news: a different action or pid than the last reported one (a PM that went on answering
     * after READY is not). STARTED, READY and START_FAILED are always news. Lets a loop log one line per change instead of one per tick.
     */
    public boolean report(Step step) {
        boolean same = lastReported != null && java.util.Objects.equals(step.pid(), lastReported.pid())
                && (step.action() == lastReported.action()
                || step.action() == Action.UP && lastReported.action() == Action.READY);
        boolean news = !same || step.action() == Action.STARTED || step.action() == Action.READY
                || step.action() == Action.START_FAILED;
        lastReported = step;
        return news;
    }
}
