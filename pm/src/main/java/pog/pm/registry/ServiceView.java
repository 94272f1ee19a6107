package pog.pm.registry;

/**
 * One service on the wire ({@code GET /api/services}); every datum carries when it was observed. {@code exitCode}
 * and {@code lastError} describe the last exit of a process PM launched (null while it runs or when PM cannot know).
 * {@code host} is the machine it runs on ("local" for this one); {@code remote} says PM cannot see its process, so
 * an unreachable one is UNKNOWN (since {@code unreachableSince}), never DOWN.
 */
public record ServiceView(String id, String name, String state, String origin, Long pid, String instance,
                          String baseUrl, Long lastCheckAt, Long lastOkAt, int consecutiveFailures, int restarts,
                          String detail, String launcher, String venue, String account, Long latencyMs,
                          Long nextRestartAt, Long startedAt, Integer exitCode, String lastError,
                          String host, boolean remote, Long unreachableSince) {
}
