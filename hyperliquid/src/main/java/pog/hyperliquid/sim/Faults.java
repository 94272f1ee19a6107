package pog.hyperliquid.sim;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults the simulator injects into {@code /info} and {@code /exchange}: added latency and a share of requests
 * answered 502 or 429 without being handled (so a refused request never changed state). Changed at run time by
 * the admin endpoint; readers see a consistent snapshot.
 */
public final class Faults {
    /** One setting of all faults. Rates are fractions 0..1. */
    public record Settings(long latencyMs, double errorRate5xx, double errorRate429) {
        public Settings {
            if (latencyMs < 0 || latencyMs > 60_000) {
                throw new IllegalArgumentException("latencyMs must be 0..60000");
            }
            if (!(errorRate5xx >= 0 && errorRate5xx <= 1) || !(errorRate429 >= 0 && errorRate429 <= 1)) {
                throw new IllegalArgumentException("error rates must be between 0 and 1");
            }
        }

        static Settings of(HlSimConfig.Faults f) {
            return new Settings(f.latencyMs() == null ? 0 : f.latencyMs(),
                    f.errorRate5xx() == null ? 0 : f.errorRate5xx(), f.errorRate429() == null ? 0 : f.errorRate429());
        }
    }

    /** What to do with one request. */
    enum Verdict { HANDLE, FAIL_5XX, FAIL_429 }

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

    /** Sleeps the configured latency, then draws the request's fate. */
    Verdict admit() throws InterruptedException {
        Settings s = settings;
        if (s.latencyMs() > 0) {
            Thread.sleep(s.latencyMs());
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw < s.errorRate5xx()) {
            return Verdict.FAIL_5XX;
        }
        if (draw < s.errorRate5xx() + s.errorRate429()) {
            return Verdict.FAIL_429;
        }
        return Verdict.HANDLE;
    }
}
