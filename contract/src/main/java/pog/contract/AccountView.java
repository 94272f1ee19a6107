package pog.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.math.BigDecimal;

/**
 * A trader's {@code GET /api/account}: its venue account as last read. Amounts are in the venue's collateral
 * (USDC), written on the wire as decimal strings; all are null before the venue has been read.
 *
 * @param unrealizedPnl the sum over the trader's open positions
 * @param observedAt    when the venue was read (epoch ms); 0 or null before it was
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountView(BigDecimal equity, BigDecimal marginUsed, BigDecimal available, BigDecimal unrealizedPnl,
                          Long observedAt) {
}
