package pog.lighter.client;

import pog.venue.VenueException;

/** A transaction was sent and no answer came: it may or may not have executed. */
final class OutcomeUnknownException extends VenueException {
    OutcomeUnknownException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
