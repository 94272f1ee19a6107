package pog.pm.control;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an explicit stop did to one trader; {@link #wire} is the word the API and the audit trail carry. */
public enum StopOutcome {
    /** It ran and is confirmed gone. */
    STOPPED("stopped"),
    /** Nothing ran there. */
    ALREADY_STOPPED("already-stopped"),
    /** An {@code external} service: PM never stops it. */
    SKIPPED("skipped"),
    /** It may still run (see the detail). */
    FAILED("failed");

    private final String wire;

    StopOutcome(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Nothing of it runs any more. */
    public boolean gone() {
        return this == STOPPED || this == ALREADY_STOPPED;
    }
}
