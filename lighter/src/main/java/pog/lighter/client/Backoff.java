package pog.lighter.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter: attempt n waits between half and all of {@code min * 2^n}, capped. The
 * same rule as the Hyperliquid client's (a candidate for pog.venue or pog.common once a third client needs it).
 */
final class Backoff {
    private final Duration min;
    private final Duration max;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    Duration delay(int attempt) {
        long base = min.toMillis() << Math.min(Math.max(attempt, 0), 20);
        long capped = Math.min(max.toMillis(), base);
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (ThreadLocalRandom.current().nextDouble() * (capped - half)));
    }
}
