package pog.pm.registry;

/** A trader's state as PM measured it (see DESIGN.md, "Health is measured, never cached"). */
public enum ServiceState {
    /** Never checked, or the last check is older than the staleness bound. */
    UNKNOWN,
    /** Started by PM, not answering yet. */
    STARTING,
    HEALTHY,
    /** Answers, but a check inside it fails (loop, venue, market data, protection) or it reports degraded. */
    DEGRADED,
    /** Answers and its checks pass, but its risk limits halted it (e.g. the daily loss limit): it opens nothing. */
    HALTED,
    /** Answers and its checks pass, but an operator paused its strategy: it decides nothing until resumed. */
    PAUSED,
    /**
     * Answers, but another writer's orders are on its venue account: it places and cancels nothing, not even a stop,
     * until an operator takes the account over ({@code pog trader --take-over} or {@code POST /api/take-over}).
     */
    HELD,
    DOWN,
    /** Something that is not this trader answers on or holds its port: never adopted, never started over. */
    CONFLICT,
    /** Stopped on purpose; PM does not restart it. */
    STOPPED,
    /** Died too often too quickly; PM stopped trying until someone starts it explicitly. */
    CRASH_LOOP,
    /**
     * A trader PM launched exited with a code that says a restart cannot help (bad configuration, already running,
     * account held by another trader, damaged state); PM does not restart it until someone starts it explicitly.
     */
    FAILED;

    /** States that come from a check and therefore age into UNKNOWN. */
    public boolean measured() {
        return answering() || this == DOWN || this == CONFLICT;
    }

    public boolean answering() {
        return this == HEALTHY || this == DEGRADED || this == HALTED || this == PAUSED || this == HELD;
    }

    /** Decisions, not measurements: a failed check confirms them, and only an explicit start (or a comeback) ends them. */
    public boolean decided() {
        return this == STOPPED || this == CRASH_LOOP || this == FAILED;
    }
}
