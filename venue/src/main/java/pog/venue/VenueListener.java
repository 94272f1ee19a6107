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

    /** Best bid and ask changed (only after {@link Venue#subscribeMarket} for that symbol). */
    default void onTopOfBook(TopOfBook book) {
    }

    /** A public trade (only after {@link Venue#subscribeMarket}). */
    default void onTrade(Trade trade) {
    }

    /** The market's funding rate or next funding time, as announced (only after {@link Venue#subscribeMarket}). */
    default void onFunding(Funding funding) {
    }

    /** The push channel broke or came back; a consumer that cares gap-fills through {@link Venue#fillsSince}. */
    default void onConnection(boolean connected) {
    }
}
