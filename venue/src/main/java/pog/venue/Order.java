package pog.venue;

import java.math.BigDecimal;

/** An order as the venue knows it. Times are epoch milliseconds. */
public record Order(String orderId, String clientId, String symbol, Side side, OrderType type, BigDecimal size,
                    BigDecimal filledSize, BigDecimal limitPrice, BigDecimal triggerPrice, boolean reduceOnly,
                    OrderStatus status, String rejectReason, long createdAt, long updatedAt) {

    /**
     * The order {@code r} asked for, as the venue took it: reduce-only when it said so or when it is a trigger (stops
     * and take-profits only ever close).
     */
    public static Order of(OrderRequest r, String orderId, BigDecimal filled, OrderStatus status, String reason,
                           long now) {
        return new Order(orderId, r.clientId(), r.symbol(), r.side(), r.type(), r.size(), filled, r.limitPrice(),
                r.triggerPrice(), r.type().isTrigger() || r.reduceOnly(), status, reason, now, now);
    }

    /** {@code r} refused before or by the venue, with the reason. */
    public static Order rejected(OrderRequest r, String reason, long now) {
        return of(r, null, BigDecimal.ZERO, OrderStatus.REJECTED, reason, now);
    }

    /**
     * Cancelled because a client asked (no reason given), not by the venue's own rules (margin, reduce-only, a filled
     * sibling, an expiry: those carry their reason).
     */
    public boolean cancelledOnRequest() {
        return status == OrderStatus.CANCELLED && rejectReason == null;
    }

    public boolean isOpen() {
        return status == OrderStatus.OPEN;
    }

    public BigDecimal remaining() {
        return size.subtract(filledSize);
    }
}
