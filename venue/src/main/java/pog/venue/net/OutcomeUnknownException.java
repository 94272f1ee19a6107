package pog.venue.net;

import pog.venue.VenueException;

/**
 * A write (an order, a cancel, a signed transaction) left us and no answer came back (timeout, 5xx, broken
 * connection): the venue may or may not have acted on it. Only a lookup can tell; callers must not simply send again.
 */
public final class OutcomeUnknownException extends VenueException {
    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
