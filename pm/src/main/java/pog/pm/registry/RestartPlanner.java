package pog.pm.registry;

import pog.pm.config.RestartConfig;
import pog.pm.config.RestartMode;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides what to do when a trader PM looks after dies. The first death after a quiet spell (no other death within
 * {@code crashLoopWindowMs}) is restarted at once: the trader is down and every millisecond counts. Deaths in quick
 * succession wait {@code initialBackoffMs}, doubling per death, never more than {@code maxBackoffMs}. From
 * {@code crashLoopMax} deaths in the window the decision is a crash loop, which is still a retry (a trader is the
 * critical path: PM does not give up silently); only {@code giveUpAfter}, when configured, ends the retries.
 * Deaths age out of the window.
 */
public final class RestartPlanner {
    private final Clock clock;
    private final RestartConfig config;
    private final Deque<Long> deaths = new ArrayDeque<>();

    public RestartPlanner(Clock clock, RestartConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /**
     * @param kind RESTART: after {@code delayMs}; CRASH_LOOP: also a restart after {@code delayMs}, shown as a crash
     *             loop; GIVE_UP: no more restarts until an explicit start; NONE: {@code restart.policy: never}
     */
    public record Decision(Kind kind, long delayMs, int deathsInWindow) {
        public enum Kind { RESTART, CRASH_LOOP, GIVE_UP, NONE }

        public boolean restarts() {
            return kind == Kind.RESTART || kind == Kind.CRASH_LOOP;
        }
    }

    /** Records one death now, of a process that did not run healthy for {@code stableAfterMs}, and decides. */
    public Decision onDeath() {
        return onDeath(0);
    }

    /** @param healthyForMs how long the process that died had been answering (0: never, or unknown) */
    public Decision onDeath(long healthyForMs) {
        if (config.policy() == RestartMode.NEVER) {
            return new Decision(Decision.Kind.NONE, 0, 0);
        }
        if (healthyForMs >= config.stableAfterMs()) {
            // it ran well: the deaths before this run were not "in quick succession" with this one
            deaths.clear();
        }
        long now = clock.millis();
        deaths.addLast(now);
        while (!deaths.isEmpty() && now - deaths.peekFirst() > config.crashLoopWindowMs()) {
            deaths.removeFirst();
        }
        int n = deaths.size();
        if (config.giveUpAfter() != null && n >= config.giveUpAfter()) {
            return new Decision(Decision.Kind.GIVE_UP, 0, n);
        }
        return new Decision(n >= config.crashLoopMax() ? Decision.Kind.CRASH_LOOP : Decision.Kind.RESTART, backoff(n), n);
    }

    /** 0 for the first death in the window, then initial * 2^(n-2), capped at maxBackoffMs. */
    long backoff(int n) {
        if (n <= 1) {
            return 0;
        }
        long d = config.initialBackoffMs();
        for (int i = 2; i < n && d < config.maxBackoffMs(); i++) {
            d *= 2;
        }
        return Math.min(d, config.maxBackoffMs());
    }

    /** An explicit start clears the history: the person decided to try again. */
    public void reset() {
        deaths.clear();
    }
}
