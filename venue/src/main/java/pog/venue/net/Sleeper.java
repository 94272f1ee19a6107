package pog.venue.net;

import java.time.Duration;

/** Waiting, as a seam: tests record the waits a rate limiter or a backoff asks for instead of sitting them out. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
