package pog.lighter.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.lighter.signer.tx.CreateOrder;
import pog.lighter.signer.tx.TimeInForce;
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
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * Both directions between Lighter's wire and the venue-neutral model: its answers and pushes (snake_case, sizes and
 * prices as decimal strings) to orders, fills, positions and marks, and an {@link OrderRequest} to the
 * {@link CreateOrder} Lighter takes (integers scaled by the market's decimals). Pure functions: no I/O, no state.
 */
final class LighterAdapters {
    /** Lighter's good-till-time orders live at most 28 days. */
    static final long ORDER_EXPIRY_MS = 28L * 86_400_000;
    private static final long MAX_PRICE = (1L << 32) - 1;

    private LighterAdapters() {
    }

    // ---------------------------------------------------------------- model -> wire

    /**
     * The order for {@code r}. MARKET is a market order (IOC) whose worst price is {@code mark} +/- {@code slippage};
     * LIMIT_GTC/IOC/POST_ONLY are limit orders good-till-time (28 days), immediate-or-cancel, post-only;
     * STOP_MARKET and TAKE_PROFIT_MARKET are reduce-only STOP_LOSS / TAKE_PROFIT orders resting on the venue with a
     * worst price 10% beyond the trigger. Prices round only in the order's favour (a stop towards firing earlier).
     *
     * @param mark the mark price, needed for MARKET only
     * @throws IllegalArgumentException for an order Lighter cannot take (the caller rejects it)
     */
    static CreateOrder createOrder(OrderRequest r, Market m, long coi, BigDecimal mark, BigDecimal slippage,
                                   long now) {
        boolean buy = r.side() == Side.BUY;
        long base = units(r.size(), m.sizeDecimals(), "size", r.symbol());
        int ro = r.reduceOnly() ? 1 : 0;
        switch (r.type()) {
            case MARKET -> {
                if (mark == null) {
                    throw new IllegalArgumentException("no mark price for " + r.symbol() + " to price a market order");
                }
                BigDecimal worst = Slippage.worst(mark, r.side(), slippage);
                return new CreateOrder(m.id(), coi, base, price(worst, m, buy ? RoundingMode.FLOOR : RoundingMode.CEILING),
                        buy ? 0 : 1, pog.lighter.signer.tx.OrderType.MARKET, TimeInForce.IMMEDIATE_OR_CANCEL, ro, 0, 0);
            }
            case LIMIT_GTC, LIMIT_IOC, LIMIT_POST_ONLY -> {
                long px = price(r.limitPrice(), m, buy ? RoundingMode.FLOOR : RoundingMode.CEILING);
                int tif = r.type() == OrderType.LIMIT_GTC ? TimeInForce.GOOD_TILL_TIME
                        : r.type() == OrderType.LIMIT_IOC ? TimeInForce.IMMEDIATE_OR_CANCEL : TimeInForce.POST_ONLY;
                return new CreateOrder(m.id(), coi, base, px, buy ? 0 : 1, pog.lighter.signer.tx.OrderType.LIMIT, tif,
                        ro, 0, tif == TimeInForce.IMMEDIATE_OR_CANCEL ? 0 : now + ORDER_EXPIRY_MS);
            }
            case STOP_MARKET, TAKE_PROFIT_MARKET -> {
                boolean stop = r.type() == OrderType.STOP_MARKET;
                // A stop rounds towards firing earlier: up for a sell stop, down for a buy stop.
                RoundingMode mode = stop ? (buy ? RoundingMode.FLOOR : RoundingMode.CEILING) : RoundingMode.HALF_EVEN;
                long trigger = price(r.triggerPrice(), m, mode);
                BigDecimal worst = Slippage.worst(BigDecimal.valueOf(trigger, m.priceDecimals()), r.side(),
                        Slippage.TRIGGER);
                return new CreateOrder(m.id(), coi, base, price(worst, m, RoundingMode.HALF_EVEN), buy ? 0 : 1,
                        stop ? pog.lighter.signer.tx.OrderType.STOP_LOSS : pog.lighter.signer.tx.OrderType.TAKE_PROFIT,
                        TimeInForce.IMMEDIATE_OR_CANCEL, 1, trigger, now + ORDER_EXPIRY_MS);
            }
            default -> throw new IllegalArgumentException("unsupported order type " + r.type());
        }
    }

    private static long units(BigDecimal v, int decimals, String what, String symbol) {
        BigDecimal scaled = v.movePointRight(decimals);
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(what + " " + v.toPlainString() + " is not a multiple of "
                    + BigDecimal.ONE.movePointLeft(decimals).toPlainString() + " on " + symbol);
        }
        return scaled.longValueExact();
    }

    private static long price(BigDecimal px, Market m, RoundingMode mode) {
        long units = px.movePointRight(m.priceDecimals()).setScale(0, mode).longValueExact();
        if (units < 1 || units > MAX_PRICE) {
            throw new IllegalArgumentException("price " + px.toPlainString() + " is out of range on " + m.symbol());
        }
        return units;
    }

    // ---------------------------------------------------------------- wire -> model

    /** One entry of {@code orderBookDetails}; the max leverage follows from the minimum initial margin fraction. */
    static Market market(JsonNode d) {
        int minImf = d.path("min_initial_margin_fraction").asInt(10_000);
        return new Market(d.path("market_id").asInt(), d.path("symbol").asText(), d.path("size_decimals").asInt(),
                d.path("price_decimals").asInt(), Math.max(1, 10_000 / Math.max(1, minImf)),
                decimalOrZero(d, "min_base_amount"), decimalOrZero(d, "min_quote_amount"));
    }

    /** The marks of {@code orderBookDetails}: each known market's mark price, else its last trade price. */
    static Map<String, BigDecimal> marks(JsonNode details, IntFunction<Market> byId) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (JsonNode d : details) {
            Market m = byId.apply(d.path("market_id").asInt());
            JsonNode px = d.hasNonNull("mark_price") ? d.get("mark_price") : d.get("last_trade_price");
            if (m != null && px != null && px.isNumber()) {
                out.put(m.symbol(), plain(px.decimalValue()));
            }
        }
        return out;
    }

    /** An {@code account} entry's money: what is not available is in use as margin. */
    static Account account(JsonNode a, long now) {
        BigDecimal equity = decimal(a, "total_asset_value");
        BigDecimal available = decimal(a, "available_balance");
        return new Account(equity, equity.subtract(available).max(BigDecimal.ZERO), available, now);
    }

    /** An {@code account} entry's open positions in known markets (the mark is position value over size). */
    static List<Position> positions(JsonNode a, IntFunction<Market> byId, long now) {
        List<Position> out = new ArrayList<>();
        for (JsonNode p : a.path("positions")) {
            BigDecimal size = decimal(p, "position");
            Market m = byId.apply(p.path("market_id").asInt());
            if (size.signum() == 0 || m == null) {
                continue;
            }
            BigDecimal signed = p.path("sign").asInt(1) < 0 ? size.negate() : size;
            BigDecimal mark = plain(decimal(p, "position_value").divide(size, MathContext.DECIMAL64));
            BigDecimal liq = decimal(p, "liquidation_price");
            out.add(new Position(m.symbol(), signed, decimal(p, "avg_entry_price"), mark, decimal(p, "unrealized_pnl"),
                    liq.signum() == 0 ? null : liq, now));
        }
        return out;
    }

    /**
     * An order of {@code accountActiveOrders}, {@code accountInactiveOrders} or the {@code account_all} channel.
     *
     * @param m its market, or null for one we do not know (named "market-N")
     */
    static Order order(JsonNode o, Market m, String clientId) {
        String symbol = m == null ? "market-" + o.path("market_index").asInt() : m.symbol();
        String type = o.path("type").asText();
        String tif = o.path("time_in_force").asText();
        OrderType t = switch (type) {
            case "market" -> OrderType.MARKET;
            case "stop-loss", "stop-loss-limit" -> OrderType.STOP_MARKET;
            case "take-profit", "take-profit-limit" -> OrderType.TAKE_PROFIT_MARKET;
            default -> "good-till-time".equals(tif) ? OrderType.LIMIT_GTC
                    : "post-only".equals(tif) ? OrderType.LIMIT_POST_ONLY : OrderType.LIMIT_IOC;
        };
        String status = o.path("status").asText();
        OrderStatus s;
        String reason = null;
        switch (status) {
            case "open", "in-progress", "pending" -> s = OrderStatus.OPEN;
            case "filled" -> s = OrderStatus.FILLED;
            case "canceled-margin-not-allowed", "canceled-reduce-only", "canceled-post-only",
                 "canceled-position-not-allowed", "canceled-invalid-balance" -> {
                s = OrderStatus.REJECTED;
                reason = status;
            }
            default -> {
                s = OrderStatus.CANCELLED;
                reason = "canceled".equals(status) ? null : status;
            }
        }
        BigDecimal price = decimal(o, "price");
        BigDecimal trigger = decimal(o, "trigger_price");
        return new Order(o.path("order_index").asText(), clientId, symbol, o.path("is_ask").asBoolean() ? Side.SELL : Side.BUY,
                t, decimal(o, "initial_base_amount"), decimal(o, "filled_base_amount"),
                t == OrderType.MARKET || t.isTrigger() ? null : price, t.isTrigger() ? trigger : null,
                o.path("reduce_only").asBoolean(), s, reason, o.path("created_at").asLong(),
                o.path("updated_at").asLong());
    }

    /**
     * A trade of {@code trades} or the {@code account_all} channel, from {@code account}'s side; its cursor is the
     * trade id. Null for a trade in a market we do not know.
     */
    static Fill fill(JsonNode t, Market m, long account, LongFunction<String> clientIdOf) {
        if (m == null) {
            return null;
        }
        boolean ask = t.path("ask_account_id").asLong() == account;
        long coi = t.path(ask ? "ask_client_id" : "bid_client_id").asLong();
        return new Fill(t.path("trade_id").asLong(), t.path("trade_id").asText(), t.path(ask ? "ask_id" : "bid_id").asText(),
                clientIdOf.apply(coi), m.symbol(), ask ? Side.SELL : Side.BUY, decimal(t, "size"), decimal(t, "price"),
                decimal(t, "fee"), decimal(t, "realized_pnl"), "liquidation".equals(t.path("type").asText()),
                t.path("timestamp").asLong());
    }

    /** A decimal field; zero when absent or blank; an answer that is not a number is the venue talking nonsense. */
    static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw VenueException.unavailable("lighter answered " + field + "=" + LighterRest.shorten(v.asText()), e);
        }
    }

    private static BigDecimal decimalOrZero(JsonNode n, String field) {
        try {
            return n.hasNonNull(field) ? new BigDecimal(n.get(field).asText()) : BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    /** Without trailing zeros and never in exponent form: 3000.00 -> 3000. */
    static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
