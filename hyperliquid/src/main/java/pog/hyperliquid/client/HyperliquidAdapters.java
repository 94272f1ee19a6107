package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.hyperliquid.wire.Cloid;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;
import pog.hyperliquid.wire.Tpsl;
import pog.hyperliquid.wire.WireFormat;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Side;
import pog.venue.Slippage;
import pog.venue.VenueException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Both directions between Hyperliquid's wire and the venue-neutral model: the venue's answers (field names as the
 * venue writes them) to orders, fills, positions and marks, and an {@link OrderRequest} to the order Hyperliquid
 * takes. Pure functions: no I/O, no state.
 */
final class HyperliquidAdapters {
    private HyperliquidAdapters() {
    }

    // ---------------------------------------------------------------- model -> wire

    /**
     * The order for {@code r}. MARKET is an IOC limit at {@code mid} +/- {@code slippage} (the SDK's
     * {@code market_open}); LIMIT_GTC/IOC/POST_ONLY are Gtc/Ioc/Alo; STOP_MARKET and TAKE_PROFIT_MARKET are
     * reduce-only market triggers (sl/tp) with a limit 10% beyond the trigger, as Hyperliquid's front end sends.
     * Prices round only in the order's favour (a stop towards firing earlier).
     *
     * @param mid the mid price, needed for MARKET only
     * @throws IllegalArgumentException for an order Hyperliquid cannot take (the caller rejects it)
     */
    static OrderWire orderWire(OrderRequest r, Market m, Cloid cloid, BigDecimal mid, BigDecimal slippage) {
        boolean buy = r.side() == Side.BUY;
        BigDecimal size = r.size();
        switch (r.type()) {
            case MARKET -> {
                if (mid == null) {
                    throw new IllegalArgumentException("no mid price for " + r.symbol() + " to price a market order");
                }
                BigDecimal px = WireFormat.roundPerpPrice(Slippage.worst(mid, r.side(), slippage), m.szDecimals(),
                        RoundingMode.HALF_EVEN);
                return OrderWire.of(m.asset(), buy, px, size, m.szDecimals(), r.reduceOnly(),
                        new OrderTypeWire.Limit(Tif.IOC), cloid);
            }
            case LIMIT_GTC, LIMIT_IOC, LIMIT_POST_ONLY -> {
                Tif tif = r.type() == OrderType.LIMIT_GTC ? Tif.GTC : r.type() == OrderType.LIMIT_IOC ? Tif.IOC : Tif.ALO;
                BigDecimal px = m.price(r.limitPrice(), buy ? RoundingMode.FLOOR : RoundingMode.CEILING);
                return OrderWire.of(m.asset(), buy, px, size, m.szDecimals(), r.reduceOnly(),
                        new OrderTypeWire.Limit(tif), cloid);
            }
            case STOP_MARKET, TAKE_PROFIT_MARKET -> {
                boolean stop = r.type() == OrderType.STOP_MARKET;
                // A stop rounds towards firing earlier: up for a sell stop, down for a buy stop.
                RoundingMode mode = stop ? (buy ? RoundingMode.FLOOR : RoundingMode.CEILING) : RoundingMode.HALF_EVEN;
                BigDecimal trigger = m.price(r.triggerPrice(), mode);
                BigDecimal limit = WireFormat.roundPerpPrice(Slippage.worst(trigger, r.side(), Slippage.TRIGGER),
                        m.szDecimals(), RoundingMode.HALF_EVEN);
                return OrderWire.of(m.asset(), buy, limit, size, m.szDecimals(), true,
                        OrderTypeWire.Trigger.of(true, trigger, m.szDecimals(), stop ? Tpsl.SL : Tpsl.TP), cloid);
            }
            default -> throw new IllegalArgumentException("unsupported order type " + r.type());
        }
    }

    // ---------------------------------------------------------------- wire -> model

    /** {@code clearinghouseState}'s margin summary; {@code now} when the answer carries no time. */
    static Account account(JsonNode state, long now) {
        JsonNode summary = state.path("marginSummary");
        BigDecimal equity = orZero(decimal(summary, "accountValue"));
        BigDecimal used = orZero(decimal(summary, "totalMarginUsed"));
        return new Account(equity, used, equity.subtract(used), state.path("time").asLong(now));
    }

    /** {@code clearinghouseState}'s open perp positions (the mark is position value over size). */
    static List<Position> positions(JsonNode state, long now) {
        long observed = state.path("time").asLong(now);
        List<Position> out = new ArrayList<>();
        for (JsonNode ap : state.path("assetPositions")) {
            JsonNode p = ap.path("position");
            BigDecimal szi = decimal(p, "szi");
            if (szi == null || szi.signum() == 0) {
                continue;
            }
            BigDecimal value = orZero(decimal(p, "positionValue"));
            BigDecimal mark = value.divide(szi.abs(), MathContext.DECIMAL64).stripTrailingZeros();
            out.add(new Position(p.path("coin").asText(), szi, decimal(p, "entryPx"), mark,
                    orZero(decimal(p, "unrealizedPnl")), decimal(p, "liquidationPx"), observed));
        }
        return out;
    }

    /** The mids of {@code allMids} for the perps named (spot pairs and unknown coins left out). */
    static Map<String, BigDecimal> mids(JsonNode mids, Iterable<String> perps) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (String name : perps) {
            BigDecimal mid = decimal(mids, name);
            if (mid != null) {
                out.put(name, mid);
            }
        }
        return out;
    }

    /**
     * One status of an {@code order} answer: resting, filled (an IOC that filled part is over: the rest was
     * cancelled) or refused. Null for an order accepted without an oid in the answer ("waitingForTrigger",
     * "waitingForFill"), which only a lookup can show.
     */
    static Order placement(OrderRequest r, JsonNode st, long now) {
        if (st.has("resting")) {
            return Order.of(r, oid(st.path("resting")), BigDecimal.ZERO, OrderStatus.OPEN, null, now);
        }
        if (st.has("filled")) {
            JsonNode f = st.path("filled");
            BigDecimal total = decimal(f, "totalSz");
            total = total == null ? r.size() : total;
            OrderStatus status = total.compareTo(r.size()) >= 0 ? OrderStatus.FILLED : OrderStatus.CANCELLED;
            return Order.of(r, oid(f), total, status, null, now);
        }
        if (st.has("error")) {
            return Order.rejected(r, st.path("error").asText(), now);
        }
        if (st.isTextual()) {
            return null;
        }
        throw VenueException.unavailable("hyperliquid answered an order with "
                + HyperliquidRest.shorten(HyperliquidRest.write(st)), null);
    }

    /**
     * An {@code {order, status, statusTimestamp}} of {@code orderStatus} or the {@code orderUpdates} channel; a
     * cancelled or rejected order carries the venue's status word as its reason.
     */
    static Order orderUpdate(JsonNode update, String clientId, Order known, long now) {
        String wireStatus = update.path("status").asText();
        OrderStatus status = status(wireStatus);
        // a plain "canceled" is someone's request (no reason, as on every venue); the venue's own cancels say why
        // ("marginCanceled", "reduceOnlyCanceled", "siblingFilledCanceled", ...)
        String reason = (status == OrderStatus.REJECTED || status == OrderStatus.CANCELLED)
                && !"canceled".equals(wireStatus) ? wireStatus : null;
        return order(update.path("order"), clientId, status, reason, update.path("statusTimestamp").asLong(now),
                known);
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

    private static String oid(JsonNode node) {
        return node.hasNonNull("oid") ? node.get("oid").asText() : null;
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
            throw new IllegalArgumentException("field '" + field + "' is not a decimal: " + HyperliquidRest.shorten(s));
        }
    }

    static BigDecimal orZero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }
}
