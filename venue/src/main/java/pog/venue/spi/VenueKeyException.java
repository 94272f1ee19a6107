package pog.venue.spi;

import java.util.function.Supplier;

/**
 * A venue key that cannot be used: missing, unreadable, too open, malformed. It is a start-up error (the CLI reports
 * it as a config error on {@code venue}), never a retry loop. Its message never holds the key.
 */
public final class VenueKeyException extends RuntimeException {
    public VenueKeyException(String message) {
        super(message);
    }

    /**
     * Loads a key, turning whatever the loader throws into this exception with the loader's own message (the key
     * loaders name the file or variable and the problem, never the secret). The cause is dropped on purpose: a
     * parser's exception may quote the text it failed on.
     */
    public static <K> K loading(Supplier<K> load) {
        try {
            return load.get();
        } catch (RuntimeException e) {
            throw new VenueKeyException(e.getMessage());
        }
    }
}
