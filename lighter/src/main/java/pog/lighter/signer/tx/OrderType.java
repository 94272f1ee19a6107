package pog.lighter.signer.tx;

/** Order type codes as the wire carries them. */
public final class OrderType {

    public static final int LIMIT = 0;
    public static final int MARKET = 1;
    public static final int STOP_LOSS = 2;
    public static final int STOP_LOSS_LIMIT = 3;
    public static final int TAKE_PROFIT = 4;
    public static final int TAKE_PROFIT_LIMIT = 5;
    public static final int TWAP = 6;

    private OrderType() {
    }
}
