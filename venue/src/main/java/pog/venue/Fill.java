package pog.venue;

import java.math.BigDecimal;

/**
 * One execution. {@code cursor} increases strictly with every fill of an account, so {@code fillsSince(cursor)}
 * returns exactly the fills not yet seen.
 */
public record Fill(long cursor, String fillId, String orderId, String clientId, String symbol, Side side,
                   BigDecimal size, BigDecimal price, BigDecimal fee, BigDecimal realizedPnl, boolean liquidation,
                   long time) {
}
