package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

/** Changes a resting order's size, price and trigger price. */
public record ModifyOrder(int marketIndex, long index, long baseAmount, long price, long triggerPrice) implements TxBody {

    @Override
    public int txType() {
        return TxType.MODIFY_ORDER;
    }

    @Override
    public long[] hashElements() {
        return new long[] {marketIndex, index, baseAmount, price, triggerPrice};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"MarketIndex\":").append(marketIndex)
                .append(",\"Index\":").append(index)
                .append(",\"BaseAmount\":").append(baseAmount)
                .append(",\"Price\":").append(price)
                .append(",\"TriggerPrice\":").append(triggerPrice);
    }

    @Override
    public void validate(TxAttributes attributes) {
        Limits.checkMarket(marketIndex);
        Limits.checkOrderIndex(index);
        check(baseAmount >= 0 && baseAmount <= Limits.MAX_ORDER_BASE_AMOUNT, "BaseAmount " + baseAmount + " is out of range");
        check(price >= 1 && price <= Limits.MAX_UINT32, "Price " + price + " is out of range");
        check(triggerPrice >= 0 && triggerPrice <= Limits.MAX_UINT32, "TriggerPrice is out of range");
    }
}
