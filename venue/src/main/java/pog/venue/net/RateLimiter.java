package pog.venue.net;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps a client inside a venue's request budget (Hyperliquid: 1200 weight per minute per IP). A token bucket that refills
 * continuously at {@code perMinute / 60 000} per millisecond and holds at most one minute's budget, so a burst after
 * a quiet minute is as large as the venue's own window allows and never larger.
 *
 * <p>{@link #charge} takes weight that only becomes known from the answer (long fill lists cost extra); the bucket
 * may go below zero and the next {@link #acquire} waits for it.
 */
public final class RateLimiter {
    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private final Sleeper sleeper;
    private double tokens;
    private long lastRefill;

    public RateLimiter(int perMinute, Clock clock, Sleeper sleeper) {
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = perMinute;
        this.lastRefill = clock.millis();
    }

    /** Waits until {@code weight} is available, then takes it. */
    public void acquire(int weight) throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (tokens >= weight) {
                    tokens -= weight;
                    return;
                }
                wait = (long) Math.ceil((weight - tokens) / perMilli);
            }
            sleeper.sleep(Duration.ofMillis(Math.max(1, wait)));
        }
    }

    /** Takes weight without waiting (extra weight reported by an answer). */
    public synchronized void charge(int weight) {
        refill();
        tokens -= weight;
    }

    public synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = clock.millis();
        // A clock stepped back refills nothing for the step, and refilling goes on from the new time (waiting for
        // the old time to come back would stall every request for as long as the step).
        long elapsed = Math.max(0, now - lastRefill);
        tokens = Math.min(capacity, tokens + elapsed * perMilli);
        lastRefill = now;
    }
}
