package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

/**
 * Cancels all orders now ({@code time} 0), schedules it for {@code time} epoch ms (a dead-man
 * switch), or aborts a scheduled one, depending on {@code timeInForce}. One market can be
 * targeted with the {@link TxAttributes#CANCEL_ALL_MARKET_INDEX} attribute (immediate only).
 */
public record CancelAllOrders(int timeInForce, long time) implements TxBody {

    @Override
    public int txType() {
        return TxType.CANCEL_ALL_ORDERS;
    }

    @Override
    public long[] hashElements() {
        return new long[] {timeInForce, time};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"TimeInForce\":").append(timeInForce).append(",\"Time\":").append(time);
    }

    @Override
    public void validate(TxAttributes attributes) {
        Long market = attributes.values().get(TxAttributes.CANCEL_ALL_MARKET_INDEX);
        check(market == null || timeInForce == TimeInForce.CANCEL_ALL_IMMEDIATE || market == Limits.NIL_MARKET_INDEX,
                "a per-market cancel-all cannot be scheduled");
        switch (timeInForce) {
            case TimeInForce.CANCEL_ALL_IMMEDIATE:
            case TimeInForce.CANCEL_ALL_ABORT_SCHEDULED:
                check(time == 0, "Time must be 0 unless the cancel-all is scheduled");
                break;
            case TimeInForce.CANCEL_ALL_SCHEDULED:
                check(time >= 1, "a scheduled cancel-all needs a Time");
                break;
            default:
                throw new IllegalArgumentException("cancel-all TimeInForce " + timeInForce + " is invalid");
        }
    }
}
