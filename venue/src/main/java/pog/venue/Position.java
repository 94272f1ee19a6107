package pog.venue;

import java.math.BigDecimal;

/**
 * An open perpetual position. {@code size} is signed: positive long, negative short.
 *
 * @param liquidationPrice null when the account cannot be liquidated at any price of this symbol
 */
public record Position(String symbol, BigDecimal size, BigDecimal entryPrice, BigDecimal markPrice,
                       BigDecimal unrealizedPnl, BigDecimal liquidationPrice, long observedAt) {

    public boolean isLong() {
        return size.signum() > 0;
    }

    /** The side of an order that reduces this position. */
    public Side closingSide() {
        return isLong() ? Side.SELL : Side.BUY;
    }
}
