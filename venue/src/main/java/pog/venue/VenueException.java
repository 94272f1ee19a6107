package pog.venue;

/** A venue call failed. {@link #retryable()} tells whether the same call may succeed later. */
public class VenueException extends RuntimeException {
    private final boolean retryable;
    private final boolean clientIdReused;

    public VenueException(String message, boolean retryable) {
        this(message, retryable, false);
    }

    private VenueException(String message, boolean retryable, boolean clientIdReused) {
        super(message);
        this.retryable = retryable;
        this.clientIdReused = clientIdReused;
    }

    public VenueException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.clientIdReused = false;
    }

    /** The venue could not be reached or did not answer in time; the outcome of the call is unknown. */
    public static VenueException unavailable(String message, Throwable cause) {
        return new VenueException(message, true, cause);
    }

    /** The venue answered and refused (bad size, not enough margin, unknown symbol...). */
    public static VenueException rejected(String message) {
        return new VenueException(message, false);
    }

    /**
     * The venue already knows the client id of an order being placed (its answer was about another, older order,
     * or it refused the id as used): nothing was placed, and it must never be read as success. Not retryable.
     */
    public static VenueException clientIdReused(String message) {
        return new VenueException(message, false, true);
    }

    /** True when the venue said the client id was already used (see {@link #clientIdReused(String)}). */
    public boolean clientIdReused() {
        return clientIdReused;
    }

    public boolean retryable() {
        return retryable;
    }
}
