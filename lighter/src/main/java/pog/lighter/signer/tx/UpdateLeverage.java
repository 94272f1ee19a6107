package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

/**
 * Sets a market's initial margin fraction (in 1/10000: leverage 10x is 1000) and margin mode
 * (0 cross, 1 isolated).
 */
public record UpdateLeverage(int marketIndex, int initialMarginFraction, int marginMode) implements TxBody {

    @Override
    public int txType() {
        return TxType.UPDATE_LEVERAGE;
    }

    @Override
    public long[] hashElements() {
        return new long[] {marketIndex, initialMarginFraction, marginMode};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"MarketIndex\":").append(marketIndex)
                .append(",\"InitialMarginFraction\":").append(initialMarginFraction)
                .append(",\"MarginMode\":").append(marginMode);
    }

    @Override
    public void validate(TxAttributes attributes) {
        check(marketIndex != Limits.NIL_MARKET_INDEX, "MarketIndex " + marketIndex + " is invalid");
        check(marginMode == 0 || marginMode == 1, "MarginMode " + marginMode + " is invalid");
        check(initialMarginFraction > 0 && initialMarginFraction <= Limits.MARGIN_FRACTION_TICK,
                "InitialMarginFraction " + initialMarginFraction + " is out of range");
    }
}
