package pog.pm.control;

/**
 * What an explicit stop did to one trader. {@code outcome}: stopped | already-stopped | skipped | failed;
 * {@code method}: api | sigterm | sigkill | systemd | none; {@code flattened} is null when not asked for.
 */
public record StopResult(String id, String outcome, String method, Long pid, Boolean flattened, String detail,
                         long tookMs) {
    public boolean gone() {
        return outcome.equals("stopped") || outcome.equals("already-stopped");
    }
}
