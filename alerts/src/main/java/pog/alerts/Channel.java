package pog.alerts;

/** One way to reach a person. {@link #send} is blocking, bounded by its own timeouts, and safe from one thread. */
public interface Channel {
    /** The channel's name from config (never its URL or token). */
    String name();

    String type();

    /**
     * Delivers one message or throws a {@link DeliveryException} whose message is one sentence a person can act on
     * (no URL, no token).
     */
    void send(Message message) throws DeliveryException;

    final class DeliveryException extends Exception {
        private final boolean retryable;

        public DeliveryException(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
