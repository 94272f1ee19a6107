package pog.sim;

import java.math.BigDecimal;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Side;

/** When an order meets the mark. There is no book: the mark is the only counterparty. */
final class Matching {
    private Matching() {
    }

    /** A limit buy is reached when the mark is at or below its price, a limit sell when at or above. */
    static boolean limitReached(Side side, BigDecimal limit, BigDecimal mark) {
        int cmp = mark.compareTo(limit);
        return side == Side.BUY ? cmp <= 0 : cmp >= 0;
    }

    /**
     * A stop fires when the mark moves against the position it protects (a SELL stop protects a long: mark at or
     * below the trigger); a take-profit when the mark moves in its favour.
     */
    static boolean triggerFires(Order order, BigDecimal mark) {
        int cmp = mark.compareTo(order.triggerPrice());
        boolean sell = order.side() == Side.SELL;
        if (order.type() == OrderType.STOP_MARKET) {
            return sell ? cmp <= 0 : cmp >= 0;
        }
        return sell ? cmp >= 0 : cmp <= 0;
    }

    static boolean isResting(OrderType type) {
        return type == OrderType.LIMIT_GTC || type == OrderType.LIMIT_POST_ONLY;
    }
}
