package pog.lighter.client;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps our requests inside a per-minute budget: a token bucket refilling continuously, holding at most one minute's
 * worth. The same model as the Hyperliquid client's limiter (a candidate for a shared home in pog.venue).
 */
final class RateLimiter {
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    RateLimiter(int perMinute, Clock clock, Sleeper sleeper) {
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = perMinute;
        this.last = clock.millis();
    }

    void acquire() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = clock.millis();
                tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perMilli);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                wait = (long) Math.ceil((1 - tokens) / perMilli);
            }
            sleeper.sleep(Duration.ofMillis(Math.max(1, wait)));
        }
    }
}
