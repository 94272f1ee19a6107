package pog.simfront;

/** A command-line option a simulator cannot take; its message is the one line the person reads. */
public final class SimOptionException extends RuntimeException {
    public SimOptionException(String message) {
        super(message);
    }
}
