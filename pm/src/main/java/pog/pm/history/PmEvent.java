package pog.pm.history;

/**
 * One entry of {@code /api/events}: a state transition ({@code kind=state}), a start-up decision
 * ({@code kind=adopt}), a restart, or an audited control action ({@code kind=audit}, with remote and outcome).
 */
public record PmEvent(long id, long time, String kind, String service, String action, String remote, String outcome,
                      String detail) {
}
