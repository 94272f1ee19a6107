package pog.sim;

import java.math.BigDecimal;

/**
 * The price of one symbol: {@code raw} is the feed's unrounded state, {@code mark} the published price
 * (raw rounded to the tick, or exactly what a jump set).
 */
record MarkState(String symbol, double raw, BigDecimal mark, long time) {
}
