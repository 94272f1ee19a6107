package pog.venue;

import java.math.BigDecimal;

/** An order as the venue knows it. Times are epoch milliseconds. */
public record Order(String orderId, String clientId, String symbol, Side side, OrderType type, BigDecimal size,
                    BigDecimal filledSize, BigDecimal limitPrice, BigDecimal triggerPrice, boolean reduceOnly,
                    OrderStatus status, String rejectReason, long createdAt, long updatedAt) {

    public boolean isOpen() {
        return status == OrderStatus.OPEN;
    }

    public BigDecimal remaining() {
        return size.subtract(filledSize);
    }
}
