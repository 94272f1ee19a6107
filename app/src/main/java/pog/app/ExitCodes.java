package pog.app;

/** Exit codes of every {@code pog} command (documented in the README). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed at run time (a service could not start, a remote call failed). */
    public static final int FAILURE = 1;
    /** Bad configuration or command line: fix the input and run again. */
    public static final int CONFIG = 2;
    /** The state directory is locked by another running instance, or the port is taken. */
    public static final int ALREADY_RUNNING = 3;
    /**
     * A trader found another trader writing to its venue account (orders of an epoch not its own, placed after it
     * started, by an instance that started before it): it wrote nothing and exited. Two traders point at one account.
     */
    public static final int ACCOUNT_HELD = 4;
    /**
     * Saved state (a trader's journal) is damaged: it was left untouched; move it aside and start again. Retrying
     * without a person's act cannot help.
     */
    public static final int DAMAGED_STATE = 5;
    /**
     * A trader hit an internal error its decision thread cannot go on from (a JVM {@link Error}: a class that no
     * longer loads, out of memory): it stopped so that its supervisor restarts a fresh process, which reconciles and
     * protects first. The positions kept their resting stops meanwhile. Supervisors restart it (EX_SOFTWARE).
     */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
