package pog.venue;

import java.math.BigDecimal;

/** Pushes from a venue. Called on the venue's threads: implementations must be quick and never block. */
public interface VenueListener {
    default void onMark(String symbol, BigDecimal mark, long time) {
    }

    default void onOrder(Order order) {
    }

    default void onFill(Fill fill) {
    }

    /** The push channel broke or came back; a consumer that cares gap-fills through {@link Venue#fillsSince}. */
    default void onConnection(boolean connected) {
    }
}
