package pog.lighter.signer.tx;

/** Time-in-force codes for orders, and the cancel-all modes that reuse the same field. */
public final class TimeInForce {

    public static final int IMMEDIATE_OR_CANCEL = 0;
    public static final int GOOD_TILL_TIME = 1;
    public static final int POST_ONLY = 2;

    /** Cancel-all: now. */
    public static final int CANCEL_ALL_IMMEDIATE = 0;
    /** Cancel-all: at {@code time} (a dead-man switch). */
    public static final int CANCEL_ALL_SCHEDULED = 1;
    /** Cancel-all: abort a scheduled cancel-all. */
    public static final int CANCEL_ALL_ABORT_SCHEDULED = 2;

    private TimeInForce() {
    }
}
