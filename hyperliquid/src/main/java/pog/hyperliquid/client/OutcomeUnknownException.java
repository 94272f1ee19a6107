package pog.hyperliquid.client;

import pog.venue.VenueException;

/**
 * An {@code /exchange} request left us and no answer came back (timeout, 5xx, broken connection): the venue may or
 * may not have acted on it. Only a lookup can tell; callers must not simply send again.
 */
final class OutcomeUnknownException extends VenueException {
    OutcomeUnknownException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
