package pog.pm.health;

import pog.pm.config.RestartConfig;
import pog.pm.config.RestartMode;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides what to do when a trader PM looks after dies: wait an exponentially growing backoff and restart it, or,
 * after {@code crashLoopMax} deaths within {@code crashLoopWindowMs}, stop trying. Deaths age out of the window, so
 * a trader that ran well for a while starts again from the initial backoff.
 */
public final class RestartPlanner {
    private final Clock clock;
    private final RestartConfig config;
    private final Deque<Long> deaths = new ArrayDeque<>();

    public RestartPlanner(Clock clock, RestartConfig config) {
        this.clock = clock;
        this.config = config;
    }

    public record Decision(Kind kind, long delayMs, int deathsInWindow) {
        public enum Kind { RESTART, CRASH_LOOP, NONE }
    }

    /** Records one death now and decides. */
    public Decision onDeath() {
        if (config.policy() == RestartMode.NEVER) {
            return new Decision(Decision.Kind.NONE, 0, 0);
        }
        long now = clock.millis();
        deaths.addLast(now);
        while (!deaths.isEmpty() && now - deaths.peekFirst() > config.crashLoopWindowMs()) {
            deaths.removeFirst();
        }
        int n = deaths.size();
        if (n >= config.crashLoopMax()) {
            return new Decision(Decision.Kind.CRASH_LOOP, 0, n);
        }
        return new Decision(Decision.Kind.RESTART, backoff(n), n);
    }

    /** initial * 2^(n-1), capped. */
    long backoff(int n) {
        long d = config.initialBackoffMs();
        for (int i = 1; i < n && d < config.maxBackoffMs(); i++) {
            d *= 2;
        }
        return Math.min(d, config.maxBackoffMs());
    }

    /** An explicit start clears the history: the person decided to try again. */
    public void reset() {
        deaths.clear();
    }
}
