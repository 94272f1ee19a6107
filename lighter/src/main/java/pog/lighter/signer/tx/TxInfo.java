package pog.lighter.signer.tx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads the tx_info JSON that {@link TxSigner} (and lighter-go) writes, for the supported tx types. */
public final class TxInfo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TxInfo() {
    }

    /**
     * @throws IllegalArgumentException when the JSON is malformed, a field is missing or not an
     *     integer, or the type is not one this module signs
     */
    public static ParsedTx parse(int txType, String txInfo) {
        JsonNode n;
        try {
            n = JSON.readTree(txInfo);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tx_info is not valid JSON" + (e.getLocation() == null ? ""
                    : " (at character " + (e.getLocation().getCharOffset() + 1) + ")"));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("tx_info is not a JSON object");
        }
        TxBody body;
        switch (txType) {
            case TxType.CREATE_ORDER:
                body = order(n);
                break;
            case TxType.CREATE_GROUPED_ORDERS:
                body = groupedOrders(n);
                break;
            case TxType.CANCEL_ORDER:
                body = new CancelOrder(i(n, "MarketIndex"), l(n, "Index"));
                break;
            case TxType.CANCEL_ALL_ORDERS:
                body = new CancelAllOrders(i(n, "TimeInForce"), l(n, "Time"));
                break;
            case TxType.MODIFY_ORDER:
                body = new ModifyOrder(i(n, "MarketIndex"), l(n, "Index"), l(n, "BaseAmount"), l(n, "Price"),
                        l(n, "TriggerPrice"));
                break;
            case TxType.UPDATE_LEVERAGE:
                body = new UpdateLeverage(i(n, "MarketIndex"), i(n, "InitialMarginFraction"), i(n, "MarginMode"));
                break;
            case TxType.UPDATE_MARGIN:
                body = new UpdateMargin(i(n, "MarketIndex"), l(n, "USDCAmount"), i(n, "Direction"));
                break;
            case TxType.CHANGE_PUB_KEY:
                body = new ChangePubKey(base64(n, "PubKey"), text(n, "L1Sig"));
                break;
            case TxType.TRANSFER:
                body = new Transfer(l(n, "ToAccountIndex"), i(n, "AssetIndex"), i(n, "FromRouteType"),
                        i(n, "ToRouteType"), l(n, "Amount"), l(n, "USDCFee"), memo(n), text(n, "L1Sig"));
                break;
            case TxType.WITHDRAW:
                body = new Withdraw(i(n, "AssetIndex"), i(n, "RouteType"), l(n, "Amount"));
                break;
            default:
                throw new IllegalArgumentException("tx_type " + txType + " is not supported");
        }
        JsonNode sig = n.get("Sig");
        if (sig == null || !sig.isTextual()) {
            throw new IllegalArgumentException("tx_info has no Sig");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tx_info Sig is not base64");
        }
        return new ParsedTx(txType, l(n, body.accountField()), i(n, "ApiKeyIndex"), body, l(n, "ExpiredAt"), l(n, "Nonce"),
                signature, attributes(n.get("L2TxAttributes")));
    }

    private static CreateOrder order(JsonNode n) {
        return new CreateOrder(i(n, "MarketIndex"), l(n, "ClientOrderIndex"), l(n, "BaseAmount"), l(n, "Price"),
                i(n, "IsAsk"), i(n, "Type"), i(n, "TimeInForce"), i(n, "ReduceOnly"), l(n, "TriggerPrice"),
                l(n, "OrderExpiry"));
    }

    private static CreateGroupedOrders groupedOrders(JsonNode n) {
        JsonNode orders = n.get("Orders");
        if (orders == null || !orders.isArray()) {
            throw new IllegalArgumentException("tx_info field Orders is missing or not an array");
        }
        List<CreateOrder> list = new ArrayList<>();
        for (JsonNode o : orders) {
            list.add(order(o));
        }
        return new CreateGroupedOrders(i(n, "GroupingType"), list);
    }

    private static TxAttributes attributes(JsonNode a) {
        if (a == null || a.isNull()) {
            return TxAttributes.NONE;
        }
        if (!a.isObject()) {
            throw new IllegalArgumentException("tx_info L2TxAttributes is not an object");
        }
        TxAttributes attrs = TxAttributes.NONE;
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int type;
            try {
                type = Integer.parseInt(e.getKey());
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException("tx_info attribute type " + e.getKey() + " is not a number");
            }
            if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber()) {
                throw new IllegalArgumentException("tx_info attribute " + type + " is not an integer");
            }
            attrs = attrs.with(type, e.getValue().longValue());
        }
        return attrs;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("tx_info field " + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static byte[] base64(JsonNode n, String field) {
        try {
            return Base64.getDecoder().decode(text(n, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tx_info field " + field + " is not base64");
        }
    }

    private static byte[] memo(JsonNode n) {
        JsonNode v = n.get("Memo");
        if (v == null || !v.isArray() || v.size() != Transfer.MEMO_BYTES) {
            throw new IllegalArgumentException("tx_info field Memo must be an array of " + Transfer.MEMO_BYTES + " bytes");
        }
        byte[] out = new byte[Transfer.MEMO_BYTES];
        for (int k = 0; k < out.length; k++) {
            JsonNode b = v.get(k);
            if (!b.isIntegralNumber() || b.asLong() < 0 || b.asLong() > 255) {
                throw new IllegalArgumentException("tx_info field Memo must hold numbers 0..255");
            }
            out[k] = (byte) b.asInt();
        }
        return out;
    }

    private static long l(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("tx_info field " + field + " is missing or not an integer");
        }
        return v.longValue();
    }

    private static int i(JsonNode n, String field) {
        long v = l(n, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tx_info field " + field + " is out of range");
        }
        return (int) v;
    }
}
