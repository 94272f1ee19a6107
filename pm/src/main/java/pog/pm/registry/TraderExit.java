package pog.pm.registry;

/**
 * What a trader's exit code tells PM (the codes are the trader's documented ones, README "Exit codes"): 2, 3, 4 and 5
 * say that starting it again cannot help until a person fixes something, so PM never restarts after them; any other
 * code (1, a signal's 128+n) is a crash, restarted with backoff.
 */
public final class TraderExit {
    public static final int CONFIG = 2;
    public static final int ALREADY_RUNNING = 3;
    public static final int ACCOUNT_HELD = 4;
    public static final int DAMAGED_STATE = 5;

    private TraderExit() {
    }

    /** True for the codes after which PM does not restart the trader. */
    public static boolean permanent(int code) {
        return code == CONFIG || code == ALREADY_RUNNING || code == ACCOUNT_HELD || code == DAMAGED_STATE;
    }

    /** A few words for the code, for the detail a person reads. */
    public static String meaning(int code) {
        return switch (code) {
            case 0 -> "stopped on request";
            case 1 -> "failed at run time";
            case CONFIG -> "bad configuration";
            case ALREADY_RUNNING -> "already running";
            case ACCOUNT_HELD -> "venue account held by another trader";
            case DAMAGED_STATE -> "damaged state";
            default -> code > 128 && code < 160 ? "killed by signal " + (code - 128) : "exit code " + code;
        };
    }
}
