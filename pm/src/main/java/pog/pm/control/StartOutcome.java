package pog.pm.control;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an explicit start did; {@link #wire} is the word the API and the audit trail carry. */
public enum StartOutcome {
    /** PM launched it (and it answered, or had not exited within the start's wait). */
    STARTED("started"),
    /** It was running (not answering before) and answers as itself: adopted, nothing launched. */
    ADOPTED("adopted"),
    /** It already ran and answered: nothing to do. */
    ALREADY_RUNNING("already-running"),
    /** Something else answers on or holds its port, or a process PM started is alive but silent. */
    CONFLICT("conflict"),
    /** An {@code external} service: PM never starts it. */
    REFUSED("refused"),
    /** Another control action on it is under way. */
    BUSY("busy"),
    /** The start did not happen, or the process exited instead of answering. */
    FAILED("failed");

    private final String wire;

    StartOutcome(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** A start that left the trader running (launched or adopted). */
    public boolean succeeded() {
        return this == STARTED || this == ADOPTED;
    }
}
