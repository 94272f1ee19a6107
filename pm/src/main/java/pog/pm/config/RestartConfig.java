package pog.pm.config;

/**
 * Restart policy of one trader: exponential backoff from {@code initialBackoffMs} doubling up to
 * {@code maxBackoffMs}; {@code crashLoopMax} deaths within {@code crashLoopWindowMs} stop the attempts.
 */
public record RestartConfig(RestartMode policy, Long initialBackoffMs, Long maxBackoffMs, Integer crashLoopMax,
                            Long crashLoopWindowMs) {
    public static final RestartConfig DEFAULT = new RestartConfig(null, null, null, null, null);

    public RestartConfig {
        policy = policy == null ? RestartMode.ON_FAILURE : policy;
        initialBackoffMs = initialBackoffMs == null ? 500L : initialBackoffMs;
        maxBackoffMs = maxBackoffMs == null ? 30_000L : maxBackoffMs;
        crashLoopMax = crashLoopMax == null ? 5 : crashLoopMax;
        crashLoopWindowMs = crashLoopWindowMs == null ? 600_000L : crashLoopWindowMs;
    }
}
