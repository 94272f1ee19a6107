package pog.pm.client;

import java.math.BigDecimal;

/** A trader's {@code GET /api/account}. */
public record TraderAccount(BigDecimal equity, BigDecimal marginUsed, BigDecimal available, Long observedAt) {
}
