package pog.hyperliquid.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The L1 actions a trader sends, as ordered JSON ready to sign ({@code pog.hyperliquid.signing.L1Signer}) and post.
 * Key order matters: it is what the signature covers.
 */
public final class Actions {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Actions() {
    }

    /** {@code {"type":"order","orders":[..],"grouping":".."}}. */
    public static ObjectNode order(List<OrderWire> orders, Grouping grouping) {
        requireSome(orders, "order");
        ObjectNode a = type("order");
        ArrayNode list = a.putArray("orders");
        orders.forEach(o -> list.add(o.toJson()));
        a.put("grouping", grouping.wire());
        return a;
    }

    /** {@code {"type":"cancel","cancels":[{"a","o"}..]}}. */
    public static ObjectNode cancel(List<CancelWire> cancels) {
        requireSome(cancels, "cancel");
        ObjectNode a = type("cancel");
        ArrayNode list = a.putArray("cancels");
        cancels.forEach(c -> list.add(c.toJson()));
        return a;
    }

    /** {@code {"type":"cancelByCloid","cancels":[{"asset","cloid"}..]}}. */
    public static ObjectNode cancelByCloid(List<CancelByCloidWire> cancels) {
        requireSome(cancels, "cancelByCloid");
        ObjectNode a = type("cancelByCloid");
        ArrayNode list = a.putArray("cancels");
        cancels.forEach(c -> list.add(c.toJson()));
        return a;
    }

    /** {@code {"type":"batchModify","modifies":[{"oid","order"}..]}}. */
    public static ObjectNode batchModify(List<ModifyWire> modifies) {
        requireSome(modifies, "batchModify");
        ObjectNode a = type("batchModify");
        ArrayNode list = a.putArray("modifies");
        modifies.forEach(m -> list.add(m.toJson()));
        return a;
    }

    /** {@code {"type":"updateLeverage","asset","isCross","leverage"}}. */
    public static ObjectNode updateLeverage(int asset, boolean isCross, int leverage) {
        if (leverage < 1) {
            throw new IllegalArgumentException("leverage must be at least 1, got " + leverage);
        }
        ObjectNode a = type("updateLeverage");
        a.put("asset", asset);
        a.put("isCross", isCross);
        a.put("leverage", leverage);
        return a;
    }

    /**
     * The dead man's switch: {@code {"type":"scheduleCancel","time":t}} cancels all open orders at epoch millis
     * {@code t}; without a time ({@code null}) it clears a scheduled cancel.
     */
    public static ObjectNode scheduleCancel(Long time) {
        ObjectNode a = type("scheduleCancel");
        if (time != null) {
            a.put("time", time);
        }
        return a;
    }

    private static ObjectNode type(String type) {
        ObjectNode a = F.objectNode();
        a.put("type", type);
        return a;
    }

    private static void requireSome(List<?> items, String what) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one entry");
        }
    }
}
