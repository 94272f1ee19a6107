package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

/**
 * A create-order body ({@code L2CreateOrderTxInfo}'s OrderInfo). Amounts are integers in the
 * market's base and price ticks; {@code price} and {@code triggerPrice} are unsigned 32-bit,
 * {@code orderExpiry} epoch milliseconds (0 for none), flags are 0 or 1.
 */
public record CreateOrder(int marketIndex, long clientOrderIndex, long baseAmount, long price, int isAsk, int type,
        int timeInForce, int reduceOnly, long triggerPrice, long orderExpiry) implements TxBody {

    @Override
    public int txType() {
        return TxType.CREATE_ORDER;
    }

    @Override
    public long[] hashElements() {
        return new long[] {marketIndex, clientOrderIndex, baseAmount, price, isAsk, type, timeInForce, reduceOnly,
            triggerPrice, orderExpiry};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"MarketIndex\":").append(marketIndex)
                .append(",\"ClientOrderIndex\":").append(clientOrderIndex)
                .append(",\"BaseAmount\":").append(baseAmount)
                .append(",\"Price\":").append(price)
                .append(",\"IsAsk\":").append(isAsk)
                .append(",\"Type\":").append(type)
                .append(",\"TimeInForce\":").append(timeInForce)
                .append(",\"ReduceOnly\":").append(reduceOnly)
                .append(",\"TriggerPrice\":").append(triggerPrice)
                .append(",\"OrderExpiry\":").append(orderExpiry);
    }

    @Override
    public void validate(TxAttributes attributes) {
        boolean spot = Limits.isSpotMarket(marketIndex);
        boolean perps = Limits.isPerpsMarket(marketIndex);
        check(spot || perps, "MarketIndex " + marketIndex + " is invalid");
        check(clientOrderIndex == 0
                || (clientOrderIndex >= Limits.MIN_CLIENT_ORDER_INDEX && clientOrderIndex <= Limits.MAX_CLIENT_ORDER_INDEX),
                "ClientOrderIndex " + clientOrderIndex + " is out of range");
        check(reduceOnly == 1 || baseAmount != 0, "BaseAmount must be set unless the order is reduce-only");
        check(baseAmount == 0 || baseAmount >= 1, "BaseAmount " + baseAmount + " is too low");
        check(baseAmount <= Limits.MAX_ORDER_BASE_AMOUNT, "BaseAmount " + baseAmount + " is too high");
        check(price >= 1 && price <= Limits.MAX_UINT32, "Price " + price + " is out of range");
        check(isAsk == 0 || isAsk == 1, "IsAsk must be 0 or 1");
        check(timeInForce == TimeInForce.IMMEDIATE_OR_CANCEL || timeInForce == TimeInForce.GOOD_TILL_TIME
                || timeInForce == TimeInForce.POST_ONLY, "TimeInForce " + timeInForce + " is invalid");
        check((reduceOnly == 0 || reduceOnly == 1) && !(spot && reduceOnly == 1), "ReduceOnly is invalid");
        check(orderExpiry == 0 || orderExpiry >= 1, "OrderExpiry is invalid");
        boolean noTrigger = triggerPrice == 0;
        boolean noExpiry = orderExpiry == 0;
        switch (type) {
            case OrderType.MARKET:
                check(timeInForce == TimeInForce.IMMEDIATE_OR_CANCEL, "a market order must be immediate-or-cancel");
                check(noExpiry, "a market order has no OrderExpiry");
                check(noTrigger, "a market order has no TriggerPrice");
                break;
            case OrderType.LIMIT:
                check(noTrigger, "a limit order has no TriggerPrice");
                if (timeInForce == TimeInForce.IMMEDIATE_OR_CANCEL) {
                    check(noExpiry, "an immediate-or-cancel limit order has no OrderExpiry");
                } else {
                    check(!noExpiry, "a resting limit order needs an OrderExpiry");
                }
                break;
            case OrderType.STOP_LOSS:
            case OrderType.TAKE_PROFIT:
                check(perps, "trigger orders exist on perps markets only");
                check(timeInForce == TimeInForce.IMMEDIATE_OR_CANCEL, "a stop/take-profit order must be immediate-or-cancel");
                check(!noTrigger, "a stop/take-profit order needs a TriggerPrice");
                check(!noExpiry, "a stop/take-profit order needs an OrderExpiry");
                break;
            case OrderType.STOP_LOSS_LIMIT:
            case OrderType.TAKE_PROFIT_LIMIT:
                check(perps, "trigger orders exist on perps markets only");
                check(!noTrigger, "a stop/take-profit limit order needs a TriggerPrice");
                check(!noExpiry, "a stop/take-profit limit order needs an OrderExpiry");
                break;
            case OrderType.TWAP:
                check(timeInForce == TimeInForce.GOOD_TILL_TIME, "a TWAP order must be good-till-time");
                check(noTrigger, "a TWAP order has no TriggerPrice");
                check(!noExpiry, "a TWAP order needs an OrderExpiry");
                break;
            default:
                throw new IllegalArgumentException("order Type " + type + " is invalid");
        }
        check(noTrigger || (triggerPrice >= 1 && triggerPrice <= Limits.MAX_UINT32), "TriggerPrice is out of range");
    }
}
