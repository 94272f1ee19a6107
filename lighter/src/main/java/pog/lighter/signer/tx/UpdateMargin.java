package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

/**
 * Moves USDC (in 1e-6 units) into (direction 1) or out of (direction 0) a market's isolated margin.
 * The amount is hashed as two elements, its low 32 bits and its arithmetic high part, as lighter-go does.
 */
public record UpdateMargin(int marketIndex, long usdcAmount, int direction) implements TxBody {

    @Override
    public int txType() {
        return TxType.UPDATE_MARGIN;
    }

    @Override
    public long[] hashElements() {
        return new long[] {marketIndex, usdcAmount & 0xFFFF_FFFFL, usdcAmount >> 32, direction};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"MarketIndex\":").append(marketIndex)
                .append(",\"USDCAmount\":").append(usdcAmount)
                .append(",\"Direction\":").append(direction);
    }

    @Override
    public void validate(TxAttributes attributes) {
        check(Limits.isPerpsMarket(marketIndex), "MarketIndex " + marketIndex + " is invalid");
        check(usdcAmount != 0, "USDCAmount must not be 0");
        check(usdcAmount <= Limits.MAX_EXCHANGE_USDC, "USDCAmount " + usdcAmount + " is too high");
        check(direction == 0 || direction == 1, "Direction " + direction + " is invalid");
    }
}
