package pog.trader.strategy;

import java.math.BigDecimal;

/**
 * What a strategy wants (contracts v1 and v2): a target position in one symbol. The trader sizes it; {@code risk} and
 * {@code stopDistance}, when given, ask for a size other than the configured one and are checked against the risk
 * limits (above {@code risk.riskPerTrade} is refused). {@code takeProfit} and {@code limitPrice} are part of the
 * contract but refused by this trader version (the refusal says so), never silently ignored.
 *
 * @param symbol       the market
 * @param target       LONG, SHORT or FLAT
 * @param risk         fraction of equity lost if the stop is hit; null: the configured {@code risk.riskPerTrade}
 * @param stopDistance stop distance as a fraction of the entry price; null: the configured {@code risk.stopDistance}
 * @param takeProfit   take-profit price; null: none
 * @param limitPrice   entry limit price; null: enter at market
 */
public record Intent(String symbol, Signal target, BigDecimal risk, BigDecimal stopDistance, BigDecimal takeProfit,
                     BigDecimal limitPrice) {
    public Intent {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("an intent needs a symbol");
        }
        if (target == null || target == Signal.NONE) {
            throw new IllegalArgumentException("an intent's target is long, short or flat");
        }
    }

    public static Intent target(String symbol, Signal target) {
        return new Intent(symbol, target, null, null, null, null);
    }
}
