package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import pog.lighter.signer.hash.Poseidon2;

/**
 * Two or three orders placed atomically: one-triggers-the-other (an entry and its stop or
 * take-profit, {@link #ONE_TRIGGERS_THE_OTHER}), one-cancels-the-other (a stop and a take-profit)
 * or both. Each order is a {@link CreateOrder}; the group checks replace the single-order ones.
 *
 * <p>Hashed as {@code [groupingType, h0, h1, h2, h3]} where h is the 4-lane Poseidon2 digest of the
 * first order's ten fields, folded with each next order's digest by two-to-one hashing.
 */
public record CreateGroupedOrders(int groupingType, List<CreateOrder> orders) implements TxBody {

    public static final int ONE_TRIGGERS_THE_OTHER = 1;
    public static final int ONE_CANCELS_THE_OTHER = 2;
    public static final int ONE_TRIGGERS_A_ONE_CANCELS_THE_OTHER = 3;
    static final int MAX_ORDERS = 3;

    public CreateGroupedOrders {
        orders = List.copyOf(orders);
    }

    @Override
    public int txType() {
        return TxType.CREATE_GROUPED_ORDERS;
    }

    @Override
    public long[] hashElements() {
        long[] aggregated = new long[4];
        for (int i = 0; i < orders.size(); i++) {
            long[] orderHash = Poseidon2.hashNoPad(orders.get(i).hashElements());
            aggregated = i == 0 ? orderHash : Poseidon2.hashTwoToOne(aggregated, orderHash);
        }
        return new long[] {groupingType, aggregated[0], aggregated[1], aggregated[2], aggregated[3]};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"GroupingType\":").append(groupingType).append(",\"Orders\":[");
        for (int i = 0; i < orders.size(); i++) {
            sb.append(i == 0 ? "{" : ",{");
            orders.get(i).appendJson(sb);
            sb.append('}');
        }
        sb.append(']');
    }

    @Override
    public void validate(TxAttributes attributes) {
        check(!orders.isEmpty() && orders.size() <= MAX_ORDERS, "a group has 1 to 3 orders, got " + orders.size());
        int market = orders.get(0).marketIndex();
        check(Limits.isPerpsMarket(market), "MarketIndex " + market + " is invalid");
        Set<Long> clientIds = new HashSet<>();
        for (CreateOrder o : orders) {
            check(o.marketIndex() == market, "grouped orders must share one market");
            long coi = o.clientOrderIndex();
            if (coi != 0) {
                check(coi >= Limits.MIN_CLIENT_ORDER_INDEX && coi <= Limits.MAX_CLIENT_ORDER_INDEX,
                        "ClientOrderIndex " + coi + " is out of range");
                check(clientIds.add(coi), "ClientOrderIndex " + coi + " is used twice");
            }
            check(o.reduceOnly() == 1 || o.baseAmount() != 0, "BaseAmount must be set unless the order is reduce-only");
            check(o.baseAmount() >= 0 && o.baseAmount() <= Limits.MAX_ORDER_BASE_AMOUNT, "BaseAmount is out of range");
            check(o.price() >= 1 && o.price() <= Limits.MAX_UINT32, "Price " + o.price() + " is out of range");
            check(o.isAsk() == 0 || o.isAsk() == 1, "IsAsk must be 0 or 1");
            check(o.timeInForce() >= 0 && o.timeInForce() <= TimeInForce.POST_ONLY, "TimeInForce is invalid");
            check(o.reduceOnly() == 0 || o.reduceOnly() == 1, "ReduceOnly is invalid");
            check(o.orderExpiry() >= 0, "OrderExpiry is invalid");
            check(o.triggerPrice() >= 0 && o.triggerPrice() <= Limits.MAX_UINT32, "TriggerPrice is out of range");
        }
        switch (groupingType) {
            case ONE_CANCELS_THE_OTHER:
                validateOneCancelsTheOther();
                break;
            case ONE_TRIGGERS_THE_OTHER:
                validateOneTriggersTheOther();
                break;
            case ONE_TRIGGERS_A_ONE_CANCELS_THE_OTHER:
                validateOneTriggersAOneCancelsTheOther();
                break;
            default:
                throw new IllegalArgumentException("GroupingType " + groupingType + " is invalid");
        }
    }

    private void validateOneCancelsTheOther() {
        check(orders.size() == 2, "one-cancels-the-other takes 2 orders");
        CreateOrder a = orders.get(0);
        CreateOrder b = orders.get(1);
        check(a.baseAmount() == b.baseAmount(), "one-cancels-the-other orders need equal BaseAmount");
        check(a.isAsk() == b.isAsk(), "one-cancels-the-other orders go the same direction");
        check(a.reduceOnly() == 1 && b.reduceOnly() == 1, "one-cancels-the-other orders are reduce-only");
        check(a.orderExpiry() == b.orderExpiry(), "one-cancels-the-other orders share OrderExpiry");
        validateSiblings(a, b);
    }

    private void validateOneTriggersTheOther() {
        check(orders.size() == 2, "one-triggers-the-other takes 2 orders");
        CreateOrder parent = orders.get(0);
        CreateOrder child = orders.get(1);
        check(child.baseAmount() == 0, "the triggered order's BaseAmount must be 0 (it takes the parent's fill)");
        check(parent.isAsk() != child.isAsk(), "the triggered order goes against the parent");
        check(parent.orderExpiry() == 0 || parent.orderExpiry() == child.orderExpiry(), "OrderExpiry must match");
        validateParent(parent);
        validateChild(child);
    }

    private void validateOneTriggersAOneCancelsTheOther() {
        check(orders.size() == 3, "one-triggers-a-one-cancels-the-other takes 3 orders");
        CreateOrder parent = orders.get(0);
        CreateOrder c1 = orders.get(1);
        CreateOrder c2 = orders.get(2);
        check(c1.baseAmount() == 0 && c2.baseAmount() == 0, "the triggered orders' BaseAmount must be 0");
        check(parent.isAsk() != c1.isAsk() && parent.isAsk() != c2.isAsk(), "the triggered orders go against the parent");
        check(c1.orderExpiry() == c2.orderExpiry(), "the triggered orders share OrderExpiry");
        check(parent.orderExpiry() == 0 || parent.orderExpiry() == c1.orderExpiry(), "OrderExpiry must match");
        validateParent(parent);
        validateSiblings(c1, c2);
    }

    private static void validateParent(CreateOrder o) {
        switch (o.type()) {
            case OrderType.MARKET:
                check(o.timeInForce() == TimeInForce.IMMEDIATE_OR_CANCEL && o.orderExpiry() == 0 && o.triggerPrice() == 0,
                        "a market parent is immediate-or-cancel without expiry or trigger");
                break;
            case OrderType.LIMIT:
                check(o.triggerPrice() == 0, "a limit parent has no TriggerPrice");
                check((o.timeInForce() == TimeInForce.IMMEDIATE_OR_CANCEL) == (o.orderExpiry() == 0),
                        "a limit parent has an OrderExpiry exactly when it rests");
                break;
            default:
                throw new IllegalArgumentException("a group's first order must be market or limit");
        }
    }

    private static void validateChild(CreateOrder o) {
        switch (o.type()) {
            case OrderType.STOP_LOSS:
            case OrderType.TAKE_PROFIT:
                check(o.timeInForce() == TimeInForce.IMMEDIATE_OR_CANCEL, "a stop/take-profit order is immediate-or-cancel");
                check(o.triggerPrice() != 0, "a stop/take-profit order needs a TriggerPrice");
                check(o.orderExpiry() != 0, "a stop/take-profit order needs an OrderExpiry");
                break;
            case OrderType.STOP_LOSS_LIMIT:
            case OrderType.TAKE_PROFIT_LIMIT:
                check(o.triggerPrice() != 0, "a stop/take-profit limit order needs a TriggerPrice");
                check(o.orderExpiry() != 0, "a stop/take-profit limit order needs an OrderExpiry");
                break;
            default:
                throw new IllegalArgumentException("a triggered order must be stop-loss or take-profit");
        }
    }

    private static void validateSiblings(CreateOrder a, CreateOrder b) {
        validateChild(a);
        validateChild(b);
        boolean stop = isStop(a) || isStop(b);
        boolean takeProfit = !isStop(a) || !isStop(b);
        check(stop && takeProfit, "one-cancels-the-other pairs a stop-loss with a take-profit");
    }

    private static boolean isStop(CreateOrder o) {
        return o.type() == OrderType.STOP_LOSS || o.type() == OrderType.STOP_LOSS_LIMIT;
    }
}
