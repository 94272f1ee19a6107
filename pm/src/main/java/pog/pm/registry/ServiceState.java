package pog.pm.registry;

/** A trader's state as PM measured it (see DESIGN.md, "Health is measured, never cached"). */
public enum ServiceState {
    /** Never checked, or the last check is older than the staleness bound. */
    UNKNOWN,
    /** Started by PM, not answering yet. */
    STARTING,
    HEALTHY,
    /** Answers, but a check inside it fails (loop, venue, market data, protection) or it reports degraded/halted. */
    DEGRADED,
    DOWN,
    /** Something that is not this trader answers on or holds its port: never adopted, never started over. */
    CONFLICT,
    /** Stopped on purpose; PM does not restart it. */
    STOPPED,
    /** Died too often too quickly; PM stopped trying until someone starts it explicitly. */
    CRASH_LOOP;

    /** States that come from a check and therefore age into UNKNOWN. */
    public boolean measured() {
        return this == HEALTHY || this == DEGRADED || this == DOWN || this == CONFLICT;
    }

    public boolean answering() {
        return this == HEALTHY || this == DEGRADED;
    }
}
