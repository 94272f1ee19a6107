package pog.venue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a trader asks a venue to do. {@code clientId} makes placing idempotent: placing the same client id twice
 * returns the first order and never creates a second one.
 *
 * @param limitPrice   required for LIMIT_*; null for MARKET and trigger orders
 * @param triggerPrice required for trigger orders; null otherwise
 */
public record OrderRequest(String clientId, String symbol, Side side, OrderType type, BigDecimal size,
                           BigDecimal limitPrice, BigDecimal triggerPrice, boolean reduceOnly) {

    public OrderRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(size, "size");
        if (size.signum() <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        if (type.isTrigger() && triggerPrice == null) {
            throw new IllegalArgumentException(type + " needs a trigger price");
        }
        if ((type == OrderType.LIMIT_GTC || type == OrderType.LIMIT_IOC || type == OrderType.LIMIT_POST_ONLY)
                && limitPrice == null) {
            throw new IllegalArgumentException(type + " needs a limit price");
        }
    }

    public static OrderRequest market(String clientId, String symbol, Side side, BigDecimal size, boolean reduceOnly) {
        return new OrderRequest(clientId, symbol, side, OrderType.MARKET, size, null, null, reduceOnly);
    }

    public static OrderRequest limit(String clientId, String symbol, Side side, BigDecimal size, BigDecimal price) {
        return new OrderRequest(clientId, symbol, side, OrderType.LIMIT_GTC, size, price, null, false);
    }

    /** A reduce-only stop-loss that rests on the venue and closes {@code size} at market once the mark crosses. */
    public static OrderRequest stopLoss(String clientId, String symbol, Side side, BigDecimal size, BigDecimal trigger) {
        return new OrderRequest(clientId, symbol, side, OrderType.STOP_MARKET, size, null, trigger, true);
    }
}
