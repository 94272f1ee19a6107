package pog.venue.net;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code min * 2^n} (capped), so
 * clients that failed together do not come back together, yet each waits at least half the nominal delay.
 */
public final class Backoff {
    /** Jitter for production: clients that failed together do not come back together. */
    public static final DoubleSupplier JITTER = () -> ThreadLocalRandom.current().nextDouble();

    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** Between two tries of one REST call or venue action: 250 ms doubling up to 5 s, jittered. */
    public static Backoff forRetries() {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), JITTER);
    }

    public Duration delay(int attempt) {
        long base = min.toMillis() << Math.min(Math.max(attempt, 0), 20);
        long capped = Math.min(max.toMillis(), base);
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
