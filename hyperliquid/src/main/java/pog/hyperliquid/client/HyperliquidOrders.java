package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.hyperliquid.wire.Cloid;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What we know of our orders: the last state seen per cloid (from our answers, open orders, order updates and
 * lookups), each linked to its oid and our client id. Hyperliquid's answers are often silent on type or trigger; the
 * last known state fills those in.
 */
final class HyperliquidOrders {
    private final ClientIds ids;
    private final Map<String, Order> known = new ConcurrentHashMap<>();

    HyperliquidOrders(ClientIds ids) {
        this.ids = ids;
    }

    Order remember(Cloid cloid, Order order) {
        known.put(cloid.toString(), order);
        return order;
    }

    /** One order of {@code frontendOpenOrders}. */
    Order open(JsonNode o, long now) {
        String cloid = HyperliquidAdapters.text(o, "cloid");
        if (cloid != null && o.hasNonNull("oid")) {
            ids.linkOid(cloid, o.get("oid").asLong());
        }
        return HyperliquidAdapters.order(o, ids.clientIdOf(cloid), OrderStatus.OPEN, null, now,
                cloid == null ? null : known.get(cloid.toLowerCase()));
    }

    /** One {@code {order, status, statusTimestamp}} pushed on {@code orderUpdates}; an order without a cloid too. */
    Order update(JsonNode u, long now) {
        JsonNode o = u.path("order");
        String cloid = HyperliquidAdapters.text(o, "cloid");
        long oid = o.path("oid").asLong();
        if (cloid == null) {
            cloid = ids.cloidOfOid(oid);
        } else {
            ids.linkOid(cloid, oid);
        }
        Order before = cloid == null ? null : known.get(cloid.toLowerCase());
        Order order = HyperliquidAdapters.orderUpdate(u, ids.clientIdOf(cloid), before, now);
        if (cloid != null) {
            known.put(cloid.toLowerCase(), order);
        }
        return order;
    }

    /**
     * {@code orderStatus}'s answer for {@code cloid}: the order as the venue has it, or null when it has never seen
     * it. {@code request} (may be null) is what we asked for, when we know it.
     */
    Order status(Cloid cloid, JsonNode answer, OrderRequest request, long now) {
        if (!"order".equals(answer.path("status").asText())) {
            return null;
        }
        JsonNode update = answer.path("order");
        JsonNode o = update.path("order");
        if (o.hasNonNull("oid")) {
            ids.linkOid(cloid.toString(), o.get("oid").asLong());
        }
        Order before = known.get(cloid.toString());
        if (before == null && request != null) {
            before = Order.of(request, null, BigDecimal.ZERO, OrderStatus.OPEN, null, now);
        }
        String clientId = request != null ? request.clientId() : ids.clientIdOf(cloid.toString());
        return remember(cloid, HyperliquidAdapters.orderUpdate(update, clientId, before, now));
    }
}
