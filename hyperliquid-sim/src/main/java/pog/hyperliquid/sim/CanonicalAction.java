package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.hyperliquid.wire.CancelByCloidWire;
import pog.hyperliquid.wire.CancelWire;
import pog.hyperliquid.wire.ModifyWire;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The action as the venue re-serializes it before recovering the signer (docs, Signing: "the payload for recover
 * signer is constructed based on the action"): the fields of each action type in the venue's order whatever order
 * they arrived in, numbers without trailing zeros ({@code "30000.0"} is hashed as {@code "30000"}), hex in lower
 * case. A client that signed anything else recovers to another address and gets the unknown-wallet error, as on
 * mainnet. The field orders are the official Python SDK's ({@code order_wires_to_order_action},
 * {@code order_type_to_wire}, the cancel/modify/leverage actions).
 */
final class CanonicalAction {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CanonicalAction() {
    }

    /** A number string as the venue writes it: no trailing zeros, no exponent; left alone if it is no number. */
    static String number(String text) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text);
            if (d.signum() == 0) {
                return "0";
            }
            return d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static ObjectNode order(OrderWire o) {
        ObjectNode n = F.objectNode();
        n.put("a", o.asset());
        n.put("b", o.isBuy());
        n.put("p", number(o.limitPx()));
        n.put("s", number(o.size()));
        n.put("r", o.reduceOnly());
        ObjectNode t = n.putObject("t");
        if (o.orderType() instanceof OrderTypeWire.Limit l) {
            t.putObject("limit").put("tif", l.tif().wire());
        } else {
            OrderTypeWire.Trigger tr = (OrderTypeWire.Trigger) o.orderType();
            ObjectNode trigger = t.putObject("trigger");
            trigger.put("isMarket", tr.isMarket());
            trigger.put("triggerPx", number(tr.triggerPx()));
            trigger.put("tpsl", tr.tpsl().wire());
        }
        if (o.cloid() != null) {
            n.put("c", o.cloid().toString());
        }
        return n;
    }

    /** {@code {"type":"order","orders":[..],"grouping":..[,"builder":{"b","f"}]}}. */
    static ObjectNode orders(List<OrderWire> orders, JsonNode rawAction) {
        ObjectNode a = type("order");
        ArrayNode list = a.putArray("orders");
        for (OrderWire o : orders) {
            list.add(order(o));
        }
        JsonNode grouping = rawAction.get("grouping");
        a.set("grouping", grouping == null ? F.textNode("na") : grouping.deepCopy());
        JsonNode builder = rawAction.get("builder");
        if (builder != null && builder.isObject()) {
            ObjectNode b = a.putObject("builder");
            b.put("b", builder.path("b").asText("").toLowerCase(Locale.ROOT));
            b.set("f", builder.path("f").deepCopy());
        }
        return a;
    }

    static ObjectNode cancels(List<CancelWire> cancels) {
        ObjectNode a = type("cancel");
        ArrayNode list = a.putArray("cancels");
        for (CancelWire c : cancels) {
            ObjectNode n = list.addObject();
            n.put("a", c.asset());
            n.put("o", c.oid());
        }
        return a;
    }

    static ObjectNode cloidCancels(List<CancelByCloidWire> cancels) {
        ObjectNode a = type("cancelByCloid");
        ArrayNode list = a.putArray("cancels");
        for (CancelByCloidWire c : cancels) {
            ObjectNode n = list.addObject();
            n.put("asset", c.asset());
            n.put("cloid", c.cloid().toString());
        }
        return a;
    }

    private static void putModify(ObjectNode n, ModifyWire m) {
        if (m.oid() != null) {
            n.put("oid", m.oid());
        } else {
            n.put("oid", m.cloid().toString());
        }
        n.set("order", order(m.order()));
    }

    static ObjectNode batchModify(List<ModifyWire> modifies) {
        ObjectNode a = type("batchModify");
        ArrayNode list = a.putArray("modifies");
        for (ModifyWire m : modifies) {
            putModify(list.addObject(), m);
        }
        return a;
    }

    static ObjectNode modify(ModifyWire m) {
        ObjectNode a = type("modify");
        putModify(a, m);
        return a;
    }

    static ObjectNode updateLeverage(int asset, boolean isCross, int leverage) {
        ObjectNode a = type("updateLeverage");
        a.put("asset", asset);
        a.put("isCross", isCross);
        a.put("leverage", leverage);
        return a;
    }

    /** Field order as the SDKs build it: type, asset, isBuy, ntli. */
    static ObjectNode updateIsolatedMargin(int asset, boolean isBuy, long ntli) {
        ObjectNode a = type("updateIsolatedMargin");
        a.put("asset", asset);
        a.put("isBuy", isBuy);
        a.put("ntli", ntli);
        return a;
    }

    static ObjectNode scheduleCancel(Long time) {
        ObjectNode a = type("scheduleCancel");
        if (time != null) {
            a.put("time", time);
        }
        return a;
    }

    static ObjectNode type(String type) {
        ObjectNode a = F.objectNode();
        a.put("type", type);
        return a;
    }
}
