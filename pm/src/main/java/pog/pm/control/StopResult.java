package pog.pm.control;

/**
 * What an explicit stop did to one trader ({@link StopOutcome}) and how ({@link StopMethod});
 * {@code flattened} is null when not asked for.
 * {@code clean} says what it left on its venue, as the trader read it there one last time before it exited: true
 * (CLEAN: flat, or every position with its stop resting), false (NOT CLEAN: something is left unprotected or
 * unflattened, or it could not be confirmed), null (nothing was stopped: not running, or external);
 * {@code leftBehind} says what and where.
 */
public record StopResult(String id, StopOutcome outcome, StopMethod method, Long pid, Boolean flattened, String detail,
                         long tookMs, Boolean clean, String leftBehind) {
    public StopResult(String id, StopOutcome outcome, StopMethod method, Long pid, Boolean flattened, String detail,
                      long tookMs) {
        this(id, outcome, method, pid, flattened, detail, tookMs, null, null);
    }

    public boolean gone() {
        return outcome.gone();
    }

    public StopResult withLeftBehind(Boolean isClean, String what) {
        return new StopResult(id, outcome, method, pid, flattened, detail, tookMs, isClean, what);
    }

    /** "CLEAN: ...", "NOT CLEAN: ..." or what happened when nothing was stopped, for logs and the audit trail. */
    public String verdict() {
        return clean == null ? (leftBehind == null ? outcome.wire() : leftBehind)
                : (clean ? "CLEAN: " : "NOT CLEAN: ") + leftBehind;
    }
}
