package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Cancel by client order id: {@code {"asset": asset, "cloid": "0x.."}} (long names, unlike {@link CancelWire}). */
public record CancelByCloidWire(int asset, Cloid cloid) {

    public CancelByCloidWire {
        if (cloid == null) {
            throw new IllegalArgumentException("cloid is required");
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("asset", asset);
        o.put("cloid", cloid.toString());
        return o;
    }

    public static CancelByCloidWire fromJson(JsonNode node) {
        return new CancelByCloidWire(Wire.int32(node, "asset"), Cloid.parse(Wire.text(node, "cloid")));
    }
}
