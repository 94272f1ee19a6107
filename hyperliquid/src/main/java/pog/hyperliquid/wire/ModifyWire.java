package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of a batchModify: {@code {"oid": venue order id or "0x.." cloid, "order": order}}. Exactly one of
 * {@code oid} and {@code cloid} identifies the order being replaced.
 */
public record ModifyWire(Long oid, Cloid cloid, OrderWire order) {

    public ModifyWire {
        if ((oid == null) == (cloid == null)) {
            throw new IllegalArgumentException("a modify names the order by exactly one of oid and cloid");
        }
        if (order == null) {
            throw new IllegalArgumentException("a modify needs the new order");
        }
    }

    public static ModifyWire byOid(long oid, OrderWire order) {
        return new ModifyWire(oid, null, order);
    }

    public static ModifyWire byCloid(Cloid cloid, OrderWire order) {
        return new ModifyWire(null, cloid, order);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (oid != null) {
            o.put("oid", oid);
        } else {
            o.put("oid", cloid.toString());
        }
        o.set("order", order.toJson());
        return o;
    }

    public static ModifyWire fromJson(JsonNode node) {
        JsonNode oid = Wire.field(node, "oid");
        OrderWire order = OrderWire.fromJson(Wire.field(node, "order"));
        if (oid.isTextual()) {
            return byCloid(Cloid.parse(oid.textValue()), order);
        }
        return byOid(Wire.integer(node, "oid"), order);
    }
}
