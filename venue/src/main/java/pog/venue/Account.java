package pog.venue;

import java.math.BigDecimal;

/** Cross-margin account state: equity = balance + unrealized PnL; available = equity - marginUsed. */
public record Account(BigDecimal equity, BigDecimal marginUsed, BigDecimal available, long observedAt) {
}
