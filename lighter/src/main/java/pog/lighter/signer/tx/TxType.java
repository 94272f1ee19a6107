package pog.lighter.signer.tx;

/** Lighter's transaction type codes (lighter-go txtypes/constants.go), hashed and sent as {@code tx_type}. */
public final class TxType {

    public static final int CREATE_ORDER = 14;
    public static final int CANCEL_ORDER = 15;
    public static final int CANCEL_ALL_ORDERS = 16;
    public static final int MODIFY_ORDER = 17;
    public static final int UPDATE_LEVERAGE = 20;
    public static final int CREATE_GROUPED_ORDERS = 28;
    public static final int UPDATE_MARGIN = 29;

    private TxType() {
    }
}
