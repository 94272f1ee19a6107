package pog.lighter.signer.tx;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Lighter's transaction type codes (lighter-go txtypes/constants.go), hashed and sent as {@code tx_type}. */
public final class TxType {

    public static final int CHANGE_PUB_KEY = 8;
    public static final int TRANSFER = 12;
    public static final int WITHDRAW = 13;
    public static final int CREATE_ORDER = 14;
    public static final int CANCEL_ORDER = 15;
    public static final int CANCEL_ALL_ORDERS = 16;
    public static final int MODIFY_ORDER = 17;
    public static final int UPDATE_LEVERAGE = 20;
    public static final int CREATE_GROUPED_ORDERS = 28;
    public static final int UPDATE_MARGIN = 29;

    /** The types this module signs, by the snake_case names of Lighter's SDKs. */
    private static final Map<String, Integer> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("change_pub_key", CHANGE_PUB_KEY);
        NAMES.put("transfer", TRANSFER);
        NAMES.put("withdraw", WITHDRAW);
        NAMES.put("create_order", CREATE_ORDER);
        NAMES.put("cancel_order", CANCEL_ORDER);
        NAMES.put("cancel_all_orders", CANCEL_ALL_ORDERS);
        NAMES.put("modify_order", MODIFY_ORDER);
        NAMES.put("update_leverage", UPDATE_LEVERAGE);
        NAMES.put("create_grouped_orders", CREATE_GROUPED_ORDERS);
        NAMES.put("update_margin", UPDATE_MARGIN);
    }

    private TxType() {
    }

    /** The SDK name of a supported type ({@code create_order}), or null. */
    public static String name(int type) {
        for (Map.Entry<String, Integer> e : NAMES.entrySet()) {
            if (e.getValue() == type) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Every supported type's SDK name, in code order. */
    public static Iterable<String> names() {
        return NAMES.keySet();
    }

    /**
     * A type from its number ({@code 14}) or its name in any common spelling: {@code create_order},
     * {@code create-order}, {@code CreateOrder}, {@code CREATE_ORDER}, {@code TxTypeL2CreateOrder}, {@code L2CreateOrder}.
     *
     * @throws IllegalArgumentException naming the given text and the known names
     */
    public static int parse(String given) {
        String g = given == null ? "" : given.trim();
        if (g.matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(g);
            if (name(n) != null) {
                return n;
            }
        } else {
            String folded = fold(g);
            if (folded.startsWith("txtype")) {
                folded = folded.substring("txtype".length());
            }
            if (folded.startsWith("l2")) {
                folded = folded.substring(2);
            }
            for (Map.Entry<String, Integer> e : NAMES.entrySet()) {
                if (fold(e.getKey()).equals(folded)) {
                    return e.getValue();
                }
            }
        }
        throw new IllegalArgumentException("unknown transaction type '" + given + "' (known: "
                + String.join(", ", NAMES.keySet()) + ", or their numbers)");
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }
}
