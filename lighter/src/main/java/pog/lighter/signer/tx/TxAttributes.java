package pog.lighter.signer.tx;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Optional per-transaction attributes (integrator fees, skip-nonce, cancel-all market, self-trade
 * modes), as lighter-go's {@code L2TxAttributes}: a type code to value map.
 *
 * <p>When any attribute differs from its nil value, the signed hash becomes
 * H(txHash || H(t1, v1, ..., t4, v4)) over the non-nil types in ascending order, padded with
 * zero pairs to four. In tx_info they appear last, as {@code "L2TxAttributes":{"4":1}}, or
 * {@code null} when none was set.
 */
public final class TxAttributes {

    public static final int INTEGRATOR_ACCOUNT_INDEX = 1;
    public static final int INTEGRATOR_TAKER_FEE = 2;
    public static final int INTEGRATOR_MAKER_FEE = 3;
    public static final int SKIP_NONCE = 4;
    public static final int CANCEL_ALL_MARKET_INDEX = 5;
    public static final int SELF_TRADE_BEHAVIOR_MODE = 6;
    public static final int SELF_TRADE_EQUALITY_MODE = 7;

    static final int PER_TX = 4;
    public static final TxAttributes NONE = new TxAttributes(new TreeMap<>());

    private final TreeMap<Integer, Long> values;

    private TxAttributes(TreeMap<Integer, Long> values) {
        this.values = values;
    }

    public static TxAttributes of(Map<Integer, Long> values) {
        return new TxAttributes(new TreeMap<>(values));
    }

    /** Returns a copy with one more attribute. */
    public TxAttributes with(int type, long value) {
        TreeMap<Integer, Long> m = new TreeMap<>(values);
        m.put(type, value);
        return new TxAttributes(m);
    }

    public static TxAttributes skipNonce() {
        return NONE.with(SKIP_NONCE, 1);
    }

    public Map<Integer, Long> values() {
        return Collections.unmodifiableMap(values);
    }

    static long nilValue(int type) {
        switch (type) {
            case INTEGRATOR_ACCOUNT_INDEX:
            case INTEGRATOR_TAKER_FEE:
            case INTEGRATOR_MAKER_FEE:
            case SKIP_NONCE:
            case SELF_TRADE_BEHAVIOR_MODE:
            case SELF_TRADE_EQUALITY_MODE:
                return 0;
            case CANCEL_ALL_MARKET_INDEX:
                return Limits.NIL_MARKET_INDEX;
            default:
                throw new IllegalArgumentException("unknown attribute type " + type);
        }
    }

    long valueOrNil(int type) {
        Long v = values.get(type);
        return v == null ? nilValue(type) : v;
    }

    private boolean isNil(int type) {
        return valueOrNil(type) == nilValue(type);
    }

    /** True when every attribute holds its nil value: the tx hash is then not aggregated. */
    public boolean isEmpty() {
        for (Map.Entry<Integer, Long> e : values.entrySet()) {
            if (e.getValue() != nilValue(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** The reference's range and combination rules. */
    void validate() {
        if (values.isEmpty()) {
            return;
        }
        Limits.check(values.size() <= PER_TX, "too many tx attributes: " + values.size());
        for (Map.Entry<Integer, Long> e : values.entrySet()) {
            int type = e.getKey();
            long v = e.getValue();
            switch (type) {
                case INTEGRATOR_ACCOUNT_INDEX:
                    Limits.check(v >= 0 && v <= Limits.MAX_ACCOUNT_INDEX, "integrator account index out of range");
                    break;
                case INTEGRATOR_TAKER_FEE:
                case INTEGRATOR_MAKER_FEE:
                    Limits.check(v >= 0 && v <= Limits.FEE_TICK, "integrator fee out of range");
                    break;
                case SKIP_NONCE:
                    Limits.check(v == 1, "skip-nonce attribute must be 1");
                    break;
                case CANCEL_ALL_MARKET_INDEX:
                    Limits.check(v >= 0 && v <= Limits.NIL_MARKET_INDEX, "cancel-all market index out of range");
                    break;
                case SELF_TRADE_BEHAVIOR_MODE:
                    Limits.check(v >= 0 && v <= 3, "self-trade behavior mode out of range");
                    break;
                case SELF_TRADE_EQUALITY_MODE:
                    Limits.check(v >= 0 && v <= 1, "self-trade equality mode out of range");
                    break;
                default:
                    throw new IllegalArgumentException("unknown attribute type " + type);
            }
        }
        boolean hasFees = !isNil(INTEGRATOR_TAKER_FEE) || !isNil(INTEGRATOR_MAKER_FEE);
        Limits.check(!hasFees || !isNil(INTEGRATOR_ACCOUNT_INDEX), "integrator fees need an integrator account index");
        boolean selfTrade = !isNil(SELF_TRADE_BEHAVIOR_MODE) || !isNil(SELF_TRADE_EQUALITY_MODE);
        Limits.check(!(selfTrade && hasFees), "self-trade modes cannot be combined with integrator fees");
        Limits.check(!(valueOrNil(SELF_TRADE_BEHAVIOR_MODE) == 3 && valueOrNil(SELF_TRADE_EQUALITY_MODE) == 1),
                "reduce self-trade behavior cannot be used with master-account equality");
    }

    /** (type, value) pairs of the non-nil attributes in ascending type order, zero-padded to four pairs. */
    long[] hashElements() {
        long[] out = new long[2 * PER_TX];
        int i = 0;
        for (Map.Entry<Integer, Long> e : values.entrySet()) {
            if (e.getValue() == nilValue(e.getKey())) {
                continue;
            }
            out[2 * i] = e.getKey();
            out[2 * i + 1] = e.getValue();
            i++;
        }
        return out;
    }

    void appendJson(StringBuilder sb) {
        if (values.isEmpty()) {
            sb.append("null");
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<Integer, Long> e : values.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        sb.append('}');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxAttributes && ((TxAttributes) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TxAttributes");
        appendJson(sb);
        return sb.toString();
    }
}
