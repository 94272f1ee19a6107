package pog.venue.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The time a thread has spent waiting on its own client's request budget ({@link RateLimiter}): the client pacing
 * itself, not the venue being slow. Whoever times venue calls (the trader's venue worker) subtracts it, so health
 * blames the venue only for the venue's own time, and reports the pacing apart.
 *
 * <p>One counter per thread; {@link #reset} at the start of a call, read during or after it (another thread may read
 * it while the call runs: the wait being slept is counted from the moment it begins).
 */
public final class Pacing {
    private static final ThreadLocal<Pacing> CURRENT = ThreadLocal.withInitial(Pacing::new);

    private final AtomicLong pacedMillis = new AtomicLong();

    private Pacing() {
    }

    /** This thread's counter. */
    public static Pacing current() {
        return CURRENT.get();
    }

    /** Starts a new call's count at zero. */
    public void reset() {
        pacedMillis.set(0);
    }

    /** The budget wait of the current call so far, in milliseconds. */
    public long pacedMillis() {
        return pacedMillis.get();
    }

    void add(long millis) {
        pacedMillis.addAndGet(millis);
    }
}
