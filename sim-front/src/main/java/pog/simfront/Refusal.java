package pog.simfront;

/**
 * A request the simulated venue refuses, with the venue's code for it (an HTTP status for one venue, an error code
 * in the body for another): thrown where the rule is checked, answered by the venue's front in its own words. A
 * refusal is an answer, not a failure: it carries no stack trace.
 */
public class Refusal extends Exception {
    private final int code;

    protected Refusal(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
