package pog.hyperliquid.sim;

import pog.simfront.Refusal;

/**
 * A request Hyperliquid would refuse before looking at it, answered as the venue's HTTP layer does: a plain-text
 * body with 400 (not JSON) or 422 (JSON of the wrong shape).
 */
final class BadRequest extends Refusal {
    BadRequest(int status, String message) {
        super(status, message);
    }

    /** The HTTP status the venue answers it with. */
    int status() {
        return code();
    }

    static BadRequest deserialize(String detail) {
        return new BadRequest(422, "Failed to deserialize the JSON body into the target type: " + detail);
    }

    static BadRequest syntax(String detail) {
        return new BadRequest(400, "Failed to parse the request body as JSON: " + detail);
    }
}
