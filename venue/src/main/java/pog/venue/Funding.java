package pog.venue;

import java.math.BigDecimal;

/**
 * A market's funding as the venue announces it: {@code rate} is the fraction of notional paid per funding period
 * (positive: longs pay shorts), {@code nextTime} when it is next charged (epoch ms; 0 when the venue does not say).
 */
public record Funding(String symbol, BigDecimal rate, long nextTime, long time) {
}
