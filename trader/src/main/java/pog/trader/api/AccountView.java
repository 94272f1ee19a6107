package pog.trader.api;

import java.math.BigDecimal;

/** {@code GET /api/account}. */
public record AccountView(BigDecimal equity, BigDecimal marginUsed, BigDecimal available, BigDecimal unrealizedPnl,
                          long observedAt) {
}
