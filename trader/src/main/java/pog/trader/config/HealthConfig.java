package pog.trader.config;

import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;

/**
 * The bounds of the trader's health judgment ({@code health:} in the trader file; every key optional).
 *
 * @param loopStaleMs     the decision loop reads as stalled when it has not finished a round for this long
 *                        (it finishes one at least every 250 ms)
 * @param venueSlowMs     a venue call slower than this, or unanswered this long, makes the venue degraded
 * @param venueErrorRate  a share of failed venue calls (of at least 5 in the last minute) above this makes it degraded
 * @param streamSilenceMs the venue's mark stream, once it has spoken, is silent after this long: degraded, the
 *                        venue client reconnects and resubscribes, and a REST snapshot fills the gap
 */
public record HealthConfig(Long loopStaleMs, Long venueSlowMs, Double venueErrorRate, Long streamSilenceMs) {
    public HealthConfig {
        String f = ConfigFile.current();
        loopStaleMs = loopStaleMs == null ? 2_000L : loopStaleMs;
        venueSlowMs = venueSlowMs == null ? 1_000L : venueSlowMs;
        venueErrorRate = venueErrorRate == null ? 0.2 : venueErrorRate;
        streamSilenceMs = streamSilenceMs == null ? 30_000L : streamSilenceMs;
        range(f, "health.loopStaleMs", loopStaleMs, 500, 600_000);
        range(f, "health.venueSlowMs", venueSlowMs, 50, 600_000);
        range(f, "health.streamSilenceMs", streamSilenceMs, 1_000, 3_600_000);
        if (!(venueErrorRate > 0 && venueErrorRate <= 1)) {
            throw new ConfigException(f, "health.venueErrorRate", "must be greater than 0 and at most 1, got "
                    + venueErrorRate);
        }
    }

    private static void range(String f, String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new ConfigException(f, key, "must be between " + min + " and " + max + " ms, got " + v);
        }
    }

    public static HealthConfig defaults() {
        return new HealthConfig(null, null, null, null);
    }
}
