package pog.pm.control;

/**
 * What an explicit start did: {@code outcome} is started | adopted | already-running | conflict | failed. When the
 * launched process exited before it answered, {@code exitCode} and {@code lastError} say how and with what words.
 */
public record StartResult(String id, String outcome, Long pid, String state, String detail, Integer exitCode,
                          String lastError) {
    public StartResult(String id, String outcome, Long pid, String state, String detail) {
        this(id, outcome, pid, state, detail, null, null);
    }
}
