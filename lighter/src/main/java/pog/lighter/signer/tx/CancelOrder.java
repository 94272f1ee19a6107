package pog.lighter.signer.tx;

/** Cancels one order by its order index (or client order index). */
public record CancelOrder(int marketIndex, long index) implements TxBody {

    @Override
    public int txType() {
        return TxType.CANCEL_ORDER;
    }

    @Override
    public long[] hashElements() {
        return new long[] {marketIndex, index};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"MarketIndex\":").append(marketIndex).append(",\"Index\":").append(index);
    }

    @Override
    public void validate(TxAttributes attributes) {
        Limits.checkMarket(marketIndex);
        Limits.checkOrderIndex(index);
    }
}
