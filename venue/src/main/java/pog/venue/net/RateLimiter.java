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
 *
 * <p>Writes come first: a read ({@link #acquireRead}) leaves the last {@value #WRITE_RESERVE_PERCENT} % of the budget
 * untouched, so an order or a cancel (a stop being placed) never waits behind a run of reads. Every wait is counted
 * on the waiting thread's {@link Pacing}: it is the client's own pacing, not the venue's latency.
 */
public final class RateLimiter {
    /** The share of the budget that only writes may use. */
    public static final int WRITE_RESERVE_PERCENT = 10;

    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private final Sleeper sleeper;
    private final double reserve;
    private double tokens;
    private long lastRefill;

    public RateLimiter(int perMinute, Clock clock, Sleeper sleeper) {
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
        this.sleeper = sleeper;
        this.reserve = perMinute * WRITE_RESERVE_PERCENT / 100.0;
        this.tokens = perMinute;
        this.lastRefill = clock.millis();
    }

    /** A write: waits until {@code weight} is available, then takes it. */
    public void acquire(int weight) throws InterruptedException {
        take(weight, 0);
    }

    /** A read: waits until {@code weight} is available above the writes' reserve, then takes it. */
    public void acquireRead(int weight) throws InterruptedException {
        take(weight, reserve);
    }

    private void take(int weight, double keep) throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (tokens - weight >= keep) {
                    tokens -= weight;
                    return;
                }
                wait = Math.max(1, (long) Math.ceil((weight + keep - tokens) / perMilli));
            }
            Pacing.current().add(wait);
            sleeper.sleep(Duration.ofMillis(wait));
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
