package pog.venue;

/** A venue call failed. {@link #retryable()} tells whether the same call may succeed later. */
public class VenueException extends RuntimeException {
    private final boolean retryable;

    public VenueException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public VenueException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** The venue could not be reached or did not answer in time; the outcome of the call is unknown. */
    public static VenueException unavailable(String message, Throwable cause) {
        return new VenueException(message, true, cause);
    }

    /** The venue answered and refused (bad size, not enough margin, unknown symbol...). */
    public static VenueException rejected(String message) {
        return new VenueException(message, false);
    }

    public boolean retryable() {
        return retryable;
    }
}
