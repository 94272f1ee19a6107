package pog.lighter.client;

import pog.venue.VenueException;

/** Lighter answered with a code other than 200: {@code {"code": N, "message": "..."}}. */
final class RefusedException extends VenueException {
    static final int INVALID_NONCE = 21104;
    static final int ACCOUNT_NOT_FOUND = 21100;
    static final int ORDER_NOT_FOUND = 21501;

    private final int code;

    RefusedException(int code, String message) {
        super(message, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
