package pog.hyperliquid.signing;

/** A key could not be loaded. The message names where it was looked for and why, never any key material. */
public final class KeyLoadException extends RuntimeException {
    public KeyLoadException(String message) {
        super(message);
    }

    public KeyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
