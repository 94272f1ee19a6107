package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/**
 * One order as signed and sent: {@code {"a","b","p","s","r","t"[,"c"]}}, keys in exactly that order (the signature
 * covers the order). Price and size are wire strings; {@link #of} makes them from decimals by the perp rules.
 *
 * @param asset      the perp's index in the venue's universe (meta)
 * @param cloid      our client order id, or null
 */
public record OrderWire(int asset, boolean isBuy, String limitPx, String size, boolean reduceOnly,
                        OrderTypeWire orderType, Cloid cloid) {

    public OrderWire {
        if (asset < 0) {
            throw new IllegalArgumentException("asset index must not be negative");
        }
        if (limitPx == null || size == null || orderType == null) {
            throw new IllegalArgumentException("limitPx, size and orderType are required");
        }
    }

    /** Formats price and size by the perp rules for an asset with {@code szDecimals}; refuses values they'd change. */
    public static OrderWire of(int asset, boolean isBuy, BigDecimal limitPx, BigDecimal size, int szDecimals,
                               boolean reduceOnly, OrderTypeWire orderType, Cloid cloid) {
        return new OrderWire(asset, isBuy, WireFormat.perpPriceToWire(limitPx, szDecimals),
                WireFormat.sizeToWire(size, szDecimals), reduceOnly, orderType, cloid);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("a", asset);
        o.put("b", isBuy);
        o.put("p", limitPx);
        o.put("s", size);
        o.put("r", reduceOnly);
        o.set("t", orderType.toJson());
        if (cloid != null) {
            o.put("c", cloid.toString());
        }
        return o;
    }

    /** Reads one order of a received order action (the simulator's side). */
    public static OrderWire fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an order must be an object");
        }
        JsonNode c = node.get("c");
        Cloid cloid = c == null || c.isNull() ? null : Cloid.parse(Wire.text(node, "c"));
        return new OrderWire(Wire.int32(node, "a"), Wire.bool(node, "b"), Wire.text(node, "p"), Wire.text(node, "s"),
                Wire.bool(node, "r"), OrderTypeWire.fromJson(Wire.field(node, "t")), cloid);
    }
}
