package pog.lighter.signer.tx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pog.lighter.signer.field.GfP5;

/**
 * Reads a transaction request as a person or an SDK writes it: the fields of lighter-go's {@code types.*TxReq}
 * (PascalCase, as in tx_info), the camelCase names of this module's records, or the SDKs' snake_case, in any mix;
 * every number an exact JSON integer within its Go type's range (a fraction, an exponent, a quoted number or one out
 * of range is refused, never rounded). Errors are one sentence naming the field.
 */
public final class TxRequest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final long INT16_MIN = Short.MIN_VALUE;
    private static final long INT16_MAX = Short.MAX_VALUE;
    private static final long UINT8_MAX = 255;
    private static final long UINT16_MAX = 65_535;
    private static final long UINT32_MAX = (1L << 32) - 1;

    private static final List<String> ORDER_FIELDS = List.of("MarketIndex", "ClientOrderIndex", "BaseAmount", "Price",
            "IsAsk", "Type", "TimeInForce", "ReduceOnly", "TriggerPrice", "OrderExpiry");
    private static final Map<Integer, List<String>> FIELDS = Map.of(
            TxType.CREATE_ORDER, ORDER_FIELDS,
            TxType.CREATE_GROUPED_ORDERS, List.of("GroupingType", "Orders"),
            TxType.CANCEL_ORDER, List.of("MarketIndex", "Index"),
            TxType.CANCEL_ALL_ORDERS, List.of("TimeInForce", "Time"),
            TxType.MODIFY_ORDER, List.of("MarketIndex", "Index", "BaseAmount", "Price", "TriggerPrice"),
            TxType.UPDATE_LEVERAGE, List.of("MarketIndex", "InitialMarginFraction", "MarginMode"),
            TxType.UPDATE_MARGIN, List.of("MarketIndex", "USDCAmount", "Direction"),
            TxType.WITHDRAW, List.of("AssetIndex", "RouteType", "Amount"),
            TxType.TRANSFER, List.of("ToAccountIndex", "AssetIndex", "FromRouteType", "ToRouteType", "Amount", "USDCFee",
                    "Memo"),
            TxType.CHANGE_PUB_KEY, List.of("PubKey"));

    private TxRequest() {
    }

    /**
     * @param txType           a {@link TxType} code
     * @param json             the request object
     * @param signerPublicKey  ChangePubKey's {@code PubKey} when the request leaves it out (the signing key's own, as
     *                         the SDKs register the key that signs); may be null
     * @throws IllegalArgumentException one sentence naming the field or the problem
     */
    public static TxBody parse(int txType, String json, GfP5 signerPublicKey) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (at character " + (e.getLocation().getCharOffset() + 1) + ")";
            String what = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "names a field twice" : "is not valid JSON";
            throw new IllegalArgumentException("the transaction " + what + where);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the transaction must be a JSON object");
        }
        return parse(txType, root, signerPublicKey);
    }

    static TxBody parse(int txType, JsonNode root, GfP5 signerPublicKey) {
        List<String> known = FIELDS.get(txType);
        if (known == null) {
            throw new IllegalArgumentException("transaction type " + txType + " is not one this signer makes");
        }
        Fields f = new Fields(root, "", known, TxType.name(txType));
        TxBody body = switch (txType) {
            case TxType.CREATE_ORDER -> order(f);
            case TxType.CREATE_GROUPED_ORDERS -> grouped(f);
            case TxType.CANCEL_ORDER -> new CancelOrder((int) f.integer("MarketIndex", INT16_MIN, INT16_MAX),
                    f.integer("Index", Long.MIN_VALUE, Long.MAX_VALUE));
            case TxType.CANCEL_ALL_ORDERS -> new CancelAllOrders((int) f.integer("TimeInForce", 0, UINT8_MAX),
                    f.integer("Time", Long.MIN_VALUE, Long.MAX_VALUE));
            case TxType.MODIFY_ORDER -> new ModifyOrder((int) f.integer("MarketIndex", INT16_MIN, INT16_MAX),
                    f.integer("Index", Long.MIN_VALUE, Long.MAX_VALUE),
                    f.integer("BaseAmount", Long.MIN_VALUE, Long.MAX_VALUE),
                    f.integer("Price", 0, UINT32_MAX), f.integer("TriggerPrice", 0, UINT32_MAX));
            case TxType.UPDATE_LEVERAGE -> new UpdateLeverage((int) f.integer("MarketIndex", INT16_MIN, INT16_MAX),
                    (int) f.integer("InitialMarginFraction", 0, UINT16_MAX), (int) f.integer("MarginMode", 0, UINT8_MAX));
            case TxType.UPDATE_MARGIN -> new UpdateMargin((int) f.integer("MarketIndex", INT16_MIN, INT16_MAX),
                    f.integer("USDCAmount", Long.MIN_VALUE, Long.MAX_VALUE), (int) f.integer("Direction", 0, UINT8_MAX));
            case TxType.WITHDRAW -> new Withdraw((int) f.integer("AssetIndex", INT16_MIN, INT16_MAX),
                    (int) f.integer("RouteType", 0, UINT8_MAX), f.integer("Amount", 0, Long.MAX_VALUE));
            case TxType.TRANSFER -> new Transfer(f.integer("ToAccountIndex", Long.MIN_VALUE, Long.MAX_VALUE),
                    (int) f.integer("AssetIndex", INT16_MIN, INT16_MAX), (int) f.integer("FromRouteType", 0, UINT8_MAX),
                    (int) f.integer("ToRouteType", 0, UINT8_MAX), f.integer("Amount", Long.MIN_VALUE, Long.MAX_VALUE),
                    f.integer("USDCFee", Long.MIN_VALUE, Long.MAX_VALUE), f.memo("Memo"), "");
            case TxType.CHANGE_PUB_KEY -> new ChangePubKey(f.pubKey("PubKey", signerPublicKey), "");
            default -> throw new IllegalArgumentException("transaction type " + txType + " is not one this signer makes");
        };
        f.done(TxType.name(txType));
        return body;
    }

    private static CreateOrder order(Fields f) {
        return new CreateOrder((int) f.integer("MarketIndex", INT16_MIN, INT16_MAX),
                f.integer("ClientOrderIndex", Long.MIN_VALUE, Long.MAX_VALUE),
                f.integer("BaseAmount", Long.MIN_VALUE, Long.MAX_VALUE), f.integer("Price", 0, UINT32_MAX),
                (int) f.integer("IsAsk", 0, UINT8_MAX), (int) f.integer("Type", 0, UINT8_MAX),
                (int) f.integer("TimeInForce", 0, UINT8_MAX), (int) f.integer("ReduceOnly", 0, UINT8_MAX),
                f.integer("TriggerPrice", 0, UINT32_MAX), f.integer("OrderExpiry", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static CreateGroupedOrders grouped(Fields f) {
        int groupingType = (int) f.integer("GroupingType", 0, UINT8_MAX);
        JsonNode orders = f.take("Orders");
        if (orders == null || !orders.isArray()) {
            throw new IllegalArgumentException("field Orders is missing or not an array of orders");
        }
        List<CreateOrder> list = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            JsonNode o = orders.get(i);
            if (!o.isObject()) {
                throw new IllegalArgumentException("Orders[" + i + "] is not an object");
            }
            Fields of = new Fields(o, "Orders[" + i + "].", ORDER_FIELDS, "an order");
            list.add(order(of));
            of.done("an order");
        }
        return new CreateGroupedOrders(groupingType, list);
    }

    /** The request's members by folded name (lowercase, no '_' or '-'), consumed as they are read. */
    private static final class Fields {
        private final Map<String, Map.Entry<String, JsonNode>> members = new LinkedHashMap<>();
        private final String prefix;

        Fields(JsonNode object, String prefix, List<String> known, String what) {
            this.prefix = prefix;
            List<String> folded = known.stream().map(Fields::fold).toList();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!folded.contains(fold(e.getKey()))) {
                    throw new IllegalArgumentException("field " + prefix + e.getKey() + " is not a field of " + what
                            + " (its fields: " + String.join(", ", known) + ")");
                }
                Map.Entry<String, JsonNode> earlier = members.put(fold(e.getKey()), e);
                if (earlier != null) {
                    throw new IllegalArgumentException("field " + prefix + e.getKey() + " is given twice (also as "
                            + earlier.getKey() + ")");
                }
            }
        }

        static String fold(String name) {
            return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        }

        JsonNode take(String name) {
            Map.Entry<String, JsonNode> e = members.remove(fold(name));
            return e == null ? null : e.getValue();
        }

        long integer(String name, long min, long max) {
            JsonNode v = take(name);
            String field = "field " + prefix + name;
            if (v == null || v.isNull()) {
                throw new IllegalArgumentException(field + " is missing");
            }
            if (v.isTextual()) {
                throw new IllegalArgumentException(field + " must be a JSON number, not a string (\"" + clip(v.asText())
                        + "\")");
            }
            if (!v.isNumber()) {
                throw new IllegalArgumentException(field + " must be an integer");
            }
            if (!v.isIntegralNumber()) {
                throw new IllegalArgumentException(field + " must be an exact integer, got " + v.asText()
                        + " (no fractions or exponents)");
            }
            if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                throw new IllegalArgumentException(field + " is " + v.asText() + ", outside " + min + ".." + max);
            }
            return v.longValue();
        }

        byte[] memo(String name) {
            JsonNode v = take(name);
            String field = "field " + prefix + name;
            if (v == null || v.isNull()) {
                return new byte[Transfer.MEMO_BYTES];
            }
            if (v.isTextual()) {
                return hex(field, v.asText(), Transfer.MEMO_BYTES);
            }
            if (v.isArray() && v.size() == Transfer.MEMO_BYTES) {
                byte[] out = new byte[Transfer.MEMO_BYTES];
                for (int i = 0; i < out.length; i++) {
                    JsonNode b = v.get(i);
                    if (!b.isIntegralNumber() || !b.canConvertToInt() || b.asInt() < 0 || b.asInt() > 255) {
                        throw new IllegalArgumentException(field + "[" + i + "] must be an integer 0..255");
                    }
                    out[i] = (byte) b.asInt();
                }
                return out;
            }
            throw new IllegalArgumentException(field + " must be 64 hex digits (32 bytes) or an array of 32 numbers");
        }

        byte[] pubKey(String name, GfP5 fallback) {
            JsonNode v = take(name);
            String field = "field " + prefix + name;
            if (v == null || v.isNull()) {
                if (fallback == null) {
                    throw new IllegalArgumentException(field + " is missing");
                }
                return fallback.toLittleEndianBytes();
            }
            if (!v.isTextual()) {
                throw new IllegalArgumentException(field + " must be a string of 80 hex digits");
            }
            return hex(field, v.asText(), GfP5.BYTES);
        }

        private static byte[] hex(String field, String text, int bytes) {
            String t = text.trim();
            t = t.startsWith("0x") || t.startsWith("0X") ? t.substring(2) : t;
            if (t.length() != 2 * bytes || !t.matches("[0-9a-fA-F]*")) {
                throw new IllegalArgumentException(field + " must be " + 2 * bytes + " hex digits (" + bytes
                        + " bytes, 0x optional), got " + t.length() + " characters");
            }
            return HexFormat.of().parseHex(t);
        }

        void done(String what) {
            if (!members.isEmpty()) {
                String unknown = members.values().iterator().next().getKey();
                throw new IllegalArgumentException("field " + prefix + unknown + " is not a field of " + what);
            }
        }

        private static String clip(String s) {
            return s.length() > 24 ? s.substring(0, 24) + "..." : s;
        }
    }
}
