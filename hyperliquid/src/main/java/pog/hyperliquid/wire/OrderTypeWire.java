package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;

/** The {@code "t"} of an order: {@code {"limit":{"tif":..}}} or {@code {"trigger":{"isMarket","triggerPx","tpsl"}}}. */
public sealed interface OrderTypeWire permits OrderTypeWire.Limit, OrderTypeWire.Trigger {

    ObjectNode toJson();

    static OrderTypeWire fromJson(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("order type must be {\"limit\":..} or {\"trigger\":..}");
        }
        JsonNode limit = node.get("limit");
        if (limit != null) {
            return new Limit(Tif.fromWire(Wire.text(limit, "tif")));
        }
        JsonNode trigger = node.get("trigger");
        if (trigger != null) {
            return new Trigger(Wire.bool(trigger, "isMarket"), Wire.text(trigger, "triggerPx"),
                    Tpsl.fromWire(Wire.text(trigger, "tpsl")));
        }
        throw new IllegalArgumentException("order type must be {\"limit\":..} or {\"trigger\":..}");
    }

    record Limit(Tif tif) implements OrderTypeWire {
        public Limit {
            if (tif == null) {
                throw new IllegalArgumentException("tif is required");
            }
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode t = JsonNodeFactory.instance.objectNode();
            t.putObject("limit").put("tif", tif.wire());
            return t;
        }
    }

    /**
     * A trigger (stop or take-profit) order: when the mark crosses {@code triggerPx} it becomes a market order
     * ({@code isMarket}) or a limit order at the order's price.
     */
    record Trigger(boolean isMarket, String triggerPx, Tpsl tpsl) implements OrderTypeWire {
        public Trigger {
            if (triggerPx == null || tpsl == null) {
                throw new IllegalArgumentException("triggerPx and tpsl are required");
            }
        }

        /** Formats {@code triggerPx} by the perp price rule, refusing a price the venue would not take. */
        public static Trigger of(boolean isMarket, BigDecimal triggerPx, int szDecimals, Tpsl tpsl) {
            return new Trigger(isMarket, WireFormat.perpPriceToWire(triggerPx, szDecimals), tpsl);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode t = JsonNodeFactory.instance.objectNode();
            ObjectNode trigger = t.putObject("trigger");
            trigger.put("isMarket", isMarket);
            trigger.put("triggerPx", triggerPx);
            trigger.put("tpsl", tpsl.wire());
            return t;
        }
    }
}
