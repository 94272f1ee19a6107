package pog.pm.config;

/**
 * An explicit stop: wait {@code graceMs} for the trader to exit after its API shutdown, then SIGTERM and wait
 * {@code termMs}, then SIGKILL; with flatten, wait up to {@code flattenTimeoutMs} for positions to close.
 */
public record StopConfig(Long graceMs, Long termMs, Long flattenTimeoutMs) {
    public static final StopConfig DEFAULT = new StopConfig(null, null, null);

    public StopConfig {
        graceMs = graceMs == null ? 15_000L : graceMs;
        termMs = termMs == null ? 5_000L : termMs;
        flattenTimeoutMs = flattenTimeoutMs == null ? 10_000L : flattenTimeoutMs;
    }
}
