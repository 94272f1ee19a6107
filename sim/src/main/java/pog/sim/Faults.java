package pog.sim;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults a simulator front end injects into its venue API: added latency, and a share of requests answered 502 or
 * 429 without being handled (so a refused request never changed state). Changed at run time by the front ends'
 * admin endpoints; readers see a consistent snapshot.
 */
public final class Faults {
    /**
     * Rates are fractions 0..1. {@code latencyPath}, when set, limits the latency to requests whose path contains it
     * (e.g. "sendTx": the answer to a transaction comes late while lookups are quick).
     */
    public record Settings(long latencyMs, double errorRate5xx, double errorRate429, String latencyPath) {
        public Settings(long latencyMs, double errorRate5xx, double errorRate429) {
            this(latencyMs, errorRate5xx, errorRate429, null);
        }

        public Settings {
            if (latencyMs < 0 || latencyMs > 60_000) {
                throw new IllegalArgumentException("latencyMs must be 0..60000");
            }
            if (!(errorRate5xx >= 0 && errorRate5xx <= 1) || !(errorRate429 >= 0 && errorRate429 <= 1)) {
                throw new IllegalArgumentException("error rates must be between 0 and 1");
            }
        }
    }

    /** What to do with one request. */
    public enum Verdict { HANDLE, FAIL_5XX, FAIL_429 }

    private volatile Settings settings;

    public Faults(Settings initial) {
        this.settings = initial;
    }

    public Settings settings() {
        return settings;
    }

    public void set(Settings s) {
        this.settings = s;
    }

    /** Sleeps the configured latency (for this path), then draws the request's fate. */
    public Verdict admit(String path) throws InterruptedException {
        Settings s = settings;
        if (s.latencyMs() > 0 && (s.latencyPath() == null || path.contains(s.latencyPath()))) {
            Thread.sleep(s.latencyMs());
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw < s.errorRate5xx()) {
            return Verdict.FAIL_5XX;
        }
        return draw < s.errorRate5xx() + s.errorRate429() ? Verdict.FAIL_429 : Verdict.HANDLE;
    }
}
