package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Cancel by venue order id: {@code {"a": asset, "o": oid}}. */
public record CancelWire(int asset, long oid) {

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("a", asset);
        o.put("o", oid);
        return o;
    }

    public static CancelWire fromJson(JsonNode node) {
        return new CancelWire(Wire.int32(node, "a"), Wire.integer(node, "o"));
    }
}
