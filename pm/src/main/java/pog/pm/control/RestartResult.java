package pog.pm.control;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What an explicit restart did: the stop, then the start ({@code start} null when the stop failed; both null when
 * PM may not restart the service at all).
 */
public record RestartResult(String id, StopResult stop, StartResult start) {
    /** How the restart went as a whole. */
    public enum Outcome {
        RESTARTED, REFUSED, STOP_FAILED, START_FAILED
    }

    @JsonIgnore
    public Outcome outcome() {
        if (stop == null) {
            return Outcome.REFUSED;
        }
        if (!stop.gone()) {
            return Outcome.STOP_FAILED;
        }
        return start != null && start.outcome().succeeded() ? Outcome.RESTARTED : Outcome.START_FAILED;
    }

    /** One line saying why, when it did not restart. */
    @JsonIgnore
    public String detail() {
        return switch (outcome()) {
            case RESTARTED -> start.detail();
            case REFUSED -> "external service: PM never starts or stops it";
            case STOP_FAILED -> "could not stop " + id + ": " + stop.detail();
            case START_FAILED -> "stopped, but the start " + (start == null ? "did not happen"
                    : start.outcome().wire() + ": " + start.detail());
        };
    }
}
