package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

import java.math.BigDecimal;

/** Hyperliquid's answers (field names as the venue writes them) mapped to the venue-neutral model. */
final class Adapters {
    private Adapters() {
    }

    static Side side(String wire) {
        return "B".equals(wire) ? Side.BUY : Side.SELL;
    }

    /**
     * The order statuses of {@code orderStatus} and {@code orderUpdates}: "open", "filled", "canceled",
     * "triggered", "rejected" and the many "...Canceled" / "...Rejected" reasons.
     */
    static OrderStatus status(String wire) {
        if (wire == null) {
            return OrderStatus.OPEN;
        }
        return switch (wire) {
            case "open" -> OrderStatus.OPEN;
            case "filled" -> OrderStatus.FILLED;
            case "triggered" -> OrderStatus.TRIGGERED;
            case "rejected" -> OrderStatus.REJECTED;
            default -> wire.endsWith("Rejected") ? OrderStatus.REJECTED : OrderStatus.CANCELLED;
        };
    }

    /** {@code orderType} + {@code tif} of a frontend order; null when the answer does not say (plain open orders). */
    static OrderType type(JsonNode o) {
        String orderType = text(o, "orderType");
        if (orderType == null) {
            return null;
        }
        if (orderType.startsWith("Stop")) {
            return OrderType.STOP_MARKET;
        }
        if (orderType.startsWith("Take Profit")) {
            return OrderType.TAKE_PROFIT_MARKET;
        }
        if (orderType.equals("Market")) {
            return OrderType.MARKET;
        }
        String tif = text(o, "tif");
        if ("Ioc".equals(tif)) {
            return OrderType.LIMIT_IOC;
        }
        if ("Alo".equals(tif)) {
            return OrderType.LIMIT_POST_ONLY;
        }
        if ("FrontendMarket".equals(tif) || "LiquidationMarket".equals(tif)) {
            return OrderType.MARKET;
        }
        return OrderType.LIMIT_GTC;
    }

    /**
     * An order object of {@code frontendOpenOrders}, {@code orderStatus} or {@code orderUpdates}.
     *
     * @param known what we knew of this order (type, trigger), used where the answer is silent; may be null
     */
    static Order order(JsonNode o, String clientId, OrderStatus status, String reason, long updatedAt, Order known) {
        BigDecimal origSz = decimal(o, "origSz");
        BigDecimal remaining = decimal(o, "sz");
        BigDecimal size = origSz != null ? origSz : remaining;
        if (size == null) {
            size = known != null ? known.size() : BigDecimal.ZERO;
        }
        BigDecimal filled = remaining == null ? BigDecimal.ZERO : size.subtract(remaining).max(BigDecimal.ZERO);
        if (status == OrderStatus.FILLED && filled.signum() == 0) {
            filled = size;
        }
        OrderType type = type(o);
        if (type == null) {
            type = known != null ? known.type() : OrderType.LIMIT_GTC;
        }
        boolean trigger = o.path("isTrigger").asBoolean(type.isTrigger());
        BigDecimal triggerPx = trigger ? decimal(o, "triggerPx") : null;
        if (trigger && triggerPx == null && known != null) {
            triggerPx = known.triggerPrice();
        }
        BigDecimal limitPx = type.isTrigger() || type == OrderType.MARKET ? null : decimal(o, "limitPx");
        boolean reduceOnly = o.has("reduceOnly") ? o.path("reduceOnly").asBoolean()
                : known != null && known.reduceOnly();
        long created = o.path("timestamp").asLong(known != null ? known.createdAt() : updatedAt);
        String oid = o.hasNonNull("oid") ? o.get("oid").asText() : known != null ? known.orderId() : null;
        return new Order(oid, clientId, o.path("coin").asText(), side(o.path("side").asText()), type, size, filled,
                limitPx, triggerPx, reduceOnly, status, reason, created, updatedAt);
    }

    /** One entry of {@code userFills}, {@code userFillsByTime} or the {@code userFills} channel. */
    static Fill fill(JsonNode f, long cursor, String clientId) {
        JsonNode liquidation = f.get("liquidation");
        return new Fill(cursor, fillId(f), f.path("oid").asText(), clientId, f.path("coin").asText(),
                side(f.path("side").asText()), decimal(f, "sz"), decimal(f, "px"), orZero(decimal(f, "fee")),
                orZero(decimal(f, "closedPnl")), liquidation != null && !liquidation.isNull(), f.path("time").asLong());
    }

    /**
     * The fill's identity: its trade id. Old answers without {@code tid} fall back to hash, oid, time, price and
     * size (one transaction hash covers all fills of one order at one time, so the hash alone is not enough).
     */
    static String fillId(JsonNode f) {
        if (f.hasNonNull("tid")) {
            return f.get("tid").asText();
        }
        return f.path("hash").asText() + ":" + f.path("oid").asText() + ":" + f.path("time").asText() + ":"
                + f.path("px").asText() + ":" + f.path("sz").asText();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        String s = v.asText();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' is not a decimal: " + RestClient.shorten(s));
        }
    }

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }
}
