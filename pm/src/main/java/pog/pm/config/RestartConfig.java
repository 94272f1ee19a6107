package pog.pm.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Restart policy of one trader. The first death after a quiet spell is restarted at once; a death within
 * {@code crashLoopWindowMs} of earlier ones waits {@code initialBackoffMs}, doubling per death up to
 * {@code maxBackoffMs}. From {@code crashLoopMax} deaths within the window the trader shows CRASH_LOOP, and PM goes on
 * retrying every {@code maxBackoffMs} at the latest; it gives up only after {@code giveUpAfter} deaths within the
 * window, and only when that is configured (null: never gives up). A run that answered for {@code stableAfterMs}
 * before it died was a healthy run: the deaths before it are forgotten, so its death is again a first one.
 */
public record RestartConfig(RestartMode policy, Long initialBackoffMs, Long maxBackoffMs, Integer crashLoopMax,
                            Long crashLoopWindowMs, Integer giveUpAfter, Long stableAfterMs) {
    public static final RestartConfig DEFAULT = new RestartConfig(null, null, null, null, null, null, null);

    @JsonCreator
    public RestartConfig(@JsonProperty("policy") RestartMode policy,
                         @JsonProperty("initialBackoffMs") Long initialBackoffMs,
                         @JsonProperty("maxBackoffMs") Long maxBackoffMs,
                         @JsonProperty("crashLoopMax") Integer crashLoopMax,
                         @JsonProperty("crashLoopWindowMs") Long crashLoopWindowMs,
                         @JsonProperty("giveUpAfter") Integer giveUpAfter,
                         @JsonProperty("stableAfterMs") Long stableAfterMs) {
        this.policy = policy == null ? RestartMode.ON_FAILURE : policy;
        this.initialBackoffMs = initialBackoffMs == null ? 500L : initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs == null ? 30_000L : maxBackoffMs;
        this.crashLoopMax = crashLoopMax == null ? 5 : crashLoopMax;
        this.crashLoopWindowMs = crashLoopWindowMs == null ? 600_000L : crashLoopWindowMs;
        this.giveUpAfter = giveUpAfter;
        this.stableAfterMs = stableAfterMs == null ? 30_000L : stableAfterMs;
    }

    /** Without giving up (the default). */
    public RestartConfig(RestartMode policy, Long initialBackoffMs, Long maxBackoffMs, Integer crashLoopMax,
                         Long crashLoopWindowMs) {
        this(policy, initialBackoffMs, maxBackoffMs, crashLoopMax, crashLoopWindowMs, null, null);
    }

    public RestartConfig(RestartMode policy, Long initialBackoffMs, Long maxBackoffMs, Integer crashLoopMax,
                         Long crashLoopWindowMs, Integer giveUpAfter) {
        this(policy, initialBackoffMs, maxBackoffMs, crashLoopMax, crashLoopWindowMs, giveUpAfter, null);
    }
}
