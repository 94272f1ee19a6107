package pog.pm.control;

/**
 * What an explicit start did ({@link StartOutcome}). When the
 * launched process exited before it answered, {@code exitCode} and {@code lastError} say how and with what words.
 */
public record StartResult(String id, StartOutcome outcome, Long pid, String state, String detail, Integer exitCode,
                          String lastError) {
    public StartResult(String id, StartOutcome outcome, Long pid, String state, String detail) {
        this(id, outcome, pid, state, detail, null, null);
    }
}
