package pog.venue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One account on one venue. Implementations: the in-process paper venue (sim), Hyperliquid, Lighter.
 * Every call may throw {@link VenueException}; a retryable one leaves the outcome unknown, which is why
 * {@link #place} is idempotent on the client id.
 */
public interface Venue extends AutoCloseable {

    /** Venue name as shown to people: "paper", "hyperliquid", "lighter". */
    String name();

    /** The account this venue object trades for (an address, an index, a name). */
    String accountId();

    List<MarketInfo> markets();

    Account account();

    List<Position> positions();

    List<Order> openOrders();

    /**
     * Places an order. Placing a client id the venue already knows returns that order unchanged and creates nothing.
     * A refusal comes back as an order with status REJECTED and a reason, or as a non-retryable VenueException.
     */
    Order place(OrderRequest request);

    /**
     * Places an entry and its reduce-only stop. A venue that can takes them as one request, the stop attached to the
     * entry and activated by its fill, sized to what it filled: no instant with a position and no stop. This default
     * is the two-step path (entry, then the stop sized to its fill) for venues that cannot; its answer says so.
     * Idempotent on both client ids, like {@link #place}.
     */
    default ProtectedEntry placeWithStop(OrderRequest entry, OrderRequest stop) {
        return twoStep(entry, stop, "this venue has no grouped entry and stop");
    }

    /** The two-step path: the entry, then (once it filled) its stop sized to the fill. */
    default ProtectedEntry twoStep(OrderRequest entry, OrderRequest stop, String reason) {
        Order placed = place(entry);
        if (placed.filledSize().signum() <= 0) {
            return new ProtectedEntry(placed, null, reason);
        }
        OrderRequest sized = new OrderRequest(stop.clientId(), stop.symbol(), stop.side(), stop.type(),
                stop.size().min(placed.filledSize()), stop.limitPrice(), stop.triggerPrice(), true);
        try {
            return new ProtectedEntry(placed, place(sized), reason);
        } catch (VenueException e) {
            if (e.retryable()) {
                throw e;
            }
            // the entry stands: a refused stop is the caller's to re-place, never a refused entry
            return new ProtectedEntry(placed, new Order(null, sized.clientId(), sized.symbol(), sized.side(),
                    sized.type(), sized.size(), java.math.BigDecimal.ZERO, null, sized.triggerPrice(), true,
                    OrderStatus.REJECTED, e.getMessage(), placed.updatedAt(), placed.updatedAt()), reason);
        }
    }

    /** Cancels the open order with this client id; false when there is no such open order. */
    boolean cancel(String symbol, String clientId);

    /** Fills with a cursor greater than {@code cursor}, oldest first. */
    List<Fill> fillsSince(long cursor);

    /** Latest mark price per symbol. */
    Map<String, BigDecimal> marks();

    /**
     * The shortest spacing of two periodic whole-account reads ({@link #marks}, {@link #account}, {@link #positions},
     * {@link #openOrders}, {@link #fillsSince}) that keeps this client within half of its venue's request budget, the
     * other half left to orders, cancels and the extra reads a push asks for. A trader's timer reads no more often
     * than this; 0 when the venue has no budget to mind.
     */
    default long readIntervalMillis() {
        return 0;
    }

    /**
     * A push stream that normally speaks fell silent while its connection looks up (a subscription lost on the
     * venue's side, a half-open socket): drop the connection and connect again, resubscribing everything; the
     * reconnect is reported to listeners as usual, and the caller fills the gap from REST. No-op where the venue has
     * no push stream.
     */
    default void resync(String reason) {
    }

    /** Starts pushing events to the listener until the returned handle is closed. */
    AutoCloseable subscribe(VenueListener listener);

    /**
     * Market feeds for these symbols, to the listener until the handle is closed: top of book
     * ({@link VenueListener#onTopOfBook}), public trades ({@link VenueListener#onTrade}) and funding
     * ({@link VenueListener#onFunding}). A venue pushes the ones it has; this default has none (the handle closes
     * nothing), so a consumer must work without them.
     */
    default AutoCloseable subscribeMarket(List<String> symbols, VenueListener listener) {
        return () -> {
        };
    }

    @Override
    void close();
}
