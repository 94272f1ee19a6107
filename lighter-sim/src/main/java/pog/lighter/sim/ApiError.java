package pog.lighter.sim;

import pog.simfront.Refusal;

/**
 * A refusal in Lighter's shape: HTTP 400 with {@code {"code": N, "message": "..."}}. Codes follow the ones Lighter's
 * API answers with for the same fault, as far as they are public; callers should match on "not 200", not the number.
 */
final class ApiError extends Refusal {
    static final int INVALID_PARAM = 20001;
    static final int ACCOUNT_NOT_FOUND = 21100;
    static final int INVALID_NONCE = 21104;
    static final int API_KEY_NOT_FOUND = 21109;
    static final int INVALID_SIGNATURE = 21120;
    /** Not confirmed: the code Lighter gives a ChangePubKey whose L1 signature is not the owner's is not public. */
    static final int INVALID_L1_SIGNATURE = 21120;
    static final int INVALID_TX_TYPE = 21121;
    static final int EXPIRED = 21116;
    static final int INVALID_AUTH = 20013;
    static final int INVALID_MARKET = 21701;
    static final int INVALID_AMOUNT = 21706;
    static final int ORDER_NOT_FOUND = 21501;
    static final int UNSUPPORTED = 21700;
    /** Not confirmed: the code Lighter gives a withdrawal or transfer above the account's free collateral. */
    static final int NOT_ENOUGH_COLLATERAL = 21730;
    /** The simulator's own failure (never bad input): HTTP 500; the venue's code for it is not public. */
    static final int INTERNAL = 29500;

    ApiError(int code, String message) {
        super(code, message);
    }
}
