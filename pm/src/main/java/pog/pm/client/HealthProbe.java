package pog.pm.client;

import pog.contract.Health;

/**
 * The outcome of one {@code GET /api/health}: a trader answered ({@link Kind#ANSWERED}), nothing listens on the port
 * ({@link Kind#NOTHING}), something answered that is not a trader ({@link Kind#FOREIGN}), or the port is held but
 * gave no answer in time ({@link Kind#NO_ANSWER}).
 */
public record HealthProbe(Kind kind, Health health, String detail, long latencyMs) {
    public enum Kind { ANSWERED, NOTHING, FOREIGN, NO_ANSWER }

    public boolean answered() {
        return kind == Kind.ANSWERED;
    }
}
