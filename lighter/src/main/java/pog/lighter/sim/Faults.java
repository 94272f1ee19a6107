package pog.lighter.sim;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults injected into {@code /api/v1/*}: added latency, and a share of requests answered 502 or 429 without being
 * handled (so a refused request never changed state). Same model as the Hyperliquid simulator's.
 */
public final class Faults {
    /** Rates are fractions 0..1. */
    public record Settings(long latencyMs, double errorRate5xx, double errorRate429) {
        public Settings {
            if (latencyMs < 0 || latencyMs > 60_000) {
                throw new IllegalArgumentException("latencyMs must be 0..60000");
            }
            if (!(errorRate5xx >= 0 && errorRate5xx <= 1) || !(errorRate429 >= 0 && errorRate429 <= 1)) {
                throw new IllegalArgumentException("error rates must be between 0 and 1");
            }
        }
    }

    enum Verdict { HANDLE, FAIL_5XX, FAIL_429 }

    private volatile Settings settings;

    Faults(Settings initial) {
        this.settings = initial;
    }

    public Settings settings() {
        return settings;
    }

    public void set(Settings s) {
        this.settings = s;
    }

    Verdict admit() throws InterruptedException {
        Settings s = settings;
        if (s.latencyMs() > 0) {
            Thread.sleep(s.latencyMs());
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        if (draw < s.errorRate5xx()) {
            return Verdict.FAIL_5XX;
        }
        return draw < s.errorRate5xx() + s.errorRate429() ? Verdict.FAIL_429 : Verdict.HANDLE;
    }
}
