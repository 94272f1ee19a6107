package pog.pm.config;

/**
 * How PM measures health: a check of every service each {@code intervalMs} with {@code timeoutMs}; a state older
 * than {@code staleAfterMs} reads as UNKNOWN; {@code downAfterFailures} failed checks make DOWN (a gone pid at
 * once); a started trader has {@code startTimeoutMs} to answer before it counts as DOWN. Between checks the pid of
 * every local trader is looked at each {@code pidIntervalMs}, so a death is noticed sooner than the next check.
 */
public record MonitorConfig(Long intervalMs, Long timeoutMs, Long staleAfterMs, Integer downAfterFailures,
                            Long startTimeoutMs, Long portfolioIntervalMs, Long pidIntervalMs) {
    public static final MonitorConfig DEFAULT = new MonitorConfig(null, null, null, null, null, null, null);

    public MonitorConfig {
        intervalMs = intervalMs == null ? 2_000L : intervalMs;
        timeoutMs = timeoutMs == null ? 800L : timeoutMs;
        staleAfterMs = staleAfterMs == null ? 5_000L : staleAfterMs;
        downAfterFailures = downAfterFailures == null ? 2 : downAfterFailures;
        startTimeoutMs = startTimeoutMs == null ? 120_000L : startTimeoutMs;
        portfolioIntervalMs = portfolioIntervalMs == null ? 2_000L : portfolioIntervalMs;
        pidIntervalMs = pidIntervalMs == null ? 200L : pidIntervalMs;
    }
}
