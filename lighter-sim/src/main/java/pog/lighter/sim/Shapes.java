package pog.lighter.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.Position;
import pog.venue.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Lighter's JSON for orders, trades, positions and markets, from the core's model. */
final class Shapes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * Order indexes live above every client order index (those are below 2^48), so a cancel's {@code Index} says
     * which of the two it is, as on Lighter: order index = 2^48 + the core's order id.
     */
    static final long ORDER_INDEX_BASE = 1L << 48;

    private Shapes() {
    }

    static long orderIndex(String coreOrderId) {
        return ORDER_INDEX_BASE + Long.parseLong(coreOrderId);
    }

    static ObjectNode ok() {
        ObjectNode n = F.objectNode();
        n.put("code", 200);
        return n;
    }

    static ObjectNode error(int code, String message) {
        ObjectNode n = F.objectNode();
        n.put("code", code);
        n.put("message", message);
        return n;
    }

    /** The client order index a core client id carries: {@code "<coi>"} or {@code "<coi>~<nonce>"} after a modify. */
    static long clientOrderIndex(String coreClientId) {
        if (coreClientId == null) {
            return 0;
        }
        int tilde = coreClientId.indexOf('~');
        String head = tilde < 0 ? coreClientId : coreClientId.substring(0, tilde);
        try {
            return Long.parseLong(head);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static ObjectNode order(long account, LighterSimConfig.Market m, Order o) {
        ObjectNode n = F.objectNode();
        long index = orderIndex(o.orderId());
        long coi = clientOrderIndex(o.clientId());
        n.put("order_index", index);
        n.put("client_order_index", coi);
        n.put("order_id", Long.toString(index));
        n.put("client_order_id", Long.toString(coi));
        n.put("market_index", m.marketId());
        n.put("owner_account_index", account);
        n.put("initial_base_amount", scaled(o.size(), m.sizeDecimals()));
        BigDecimal px = o.limitPrice() != null ? o.limitPrice() : o.triggerPrice() != null ? o.triggerPrice() : BigDecimal.ZERO;
        n.put("price", scaled(px, m.priceDecimals()));
        n.put("remaining_base_amount", scaled(o.isOpen() ? o.remaining() : BigDecimal.ZERO, m.sizeDecimals()));
        n.put("filled_base_amount", scaled(o.filledSize(), m.sizeDecimals()));
        n.put("is_ask", o.side() == Side.SELL);
        n.put("side", o.side() == Side.SELL ? "sell" : "buy");
        n.put("base_size", o.size().movePointRight(m.sizeDecimals()).longValueExact());
        n.put("base_price", px.movePointRight(m.priceDecimals()).setScale(0, RoundingMode.HALF_EVEN).longValue());
        n.put("type", type(o));
        n.put("time_in_force", tif(o));
        n.put("reduce_only", o.reduceOnly());
        n.put("trigger_price", o.triggerPrice() == null ? "0" : scaled(o.triggerPrice(), m.priceDecimals()));
        n.put("status", status(o));
        n.put("trigger_status", o.type().isTrigger() ? (o.isOpen() ? "mark-price" : "triggered") : "na");
        n.put("timestamp", o.updatedAt() / 1000);
        n.put("created_at", o.createdAt());
        n.put("updated_at", o.updatedAt());
        return n;
    }

    private static String type(Order o) {
        return switch (o.type()) {
            case MARKET -> "market";
            case STOP_MARKET -> "stop-loss";
            case TAKE_PROFIT_MARKET -> "take-profit";
            default -> "limit";
        };
    }

    private static String tif(Order o) {
        return switch (o.type()) {
            case LIMIT_GTC -> "good-till-time";
            case LIMIT_POST_ONLY -> "post-only";
            default -> "immediate-or-cancel";
        };
    }

    /** Lighter's order statuses; the core's reason picks the cancel flavour. */
    static String status(Order o) {
        String reason = o.rejectReason() == null ? "" : o.rejectReason();
        if (o.status() == OrderStatus.OPEN) {
            return "open";
        }
        if (o.status() == OrderStatus.FILLED) {
            return "filled";
        }
        if (o.status() == OrderStatus.TRIGGERED) {
            return "in-progress";
        }
        if (reason.contains("liquidation")) {
            return "canceled-liquidation";
        }
        if (reason.contains("margin")) {
            return "canceled-margin-not-allowed";
        }
        if (reason.contains("reduce-only") || reason.contains("position")) {
            return "canceled-reduce-only";
        }
        if (reason.contains("post-only")) {
            return "canceled-post-only";
        }
        if (reason.contains("limit not reached")) {
            return "canceled-too-much-slippage";
        }
        return "canceled";
    }

    /**
     * A trade of the account against the simulator's house account (-1). {@code fee} and {@code realized_pnl} are
     * simulator additions (this account's side only); everything else is Lighter's trade shape.
     */
    static ObjectNode trade(long account, LighterSimConfig.Market m, Fill f, String orderIndex, long coi) {
        ObjectNode n = F.objectNode();
        boolean ask = f.side() == Side.SELL;
        n.put("trade_id", f.cursor());
        n.put("tx_hash", "");
        n.put("type", f.liquidation() ? "liquidation" : "trade");
        n.put("market_id", m.marketId());
        n.put("size", scaled(f.size(), m.sizeDecimals()));
        n.put("price", scaled(f.price(), m.priceDecimals()));
        n.put("usd_amount", f.size().multiply(f.price()).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        long oid = orderIndex == null ? 0 : orderIndex(orderIndex);
        n.put("ask_id", ask ? oid : 0);
        n.put("bid_id", ask ? 0 : oid);
        n.put("ask_client_id", ask ? coi : 0);
        n.put("bid_client_id", ask ? 0 : coi);
        n.put("ask_account_id", ask ? account : -1);
        n.put("bid_account_id", ask ? -1 : account);
        n.put("is_maker_ask", !ask);
        n.put("block_height", f.cursor());
        n.put("timestamp", f.time());
        n.put("fee", f.fee().toPlainString());
        n.put("realized_pnl", f.realizedPnl().toPlainString());
        return n;
    }

    static ObjectNode position(LighterSimConfig.Market m, Position p, int leverage, int openOrders) {
        ObjectNode n = F.objectNode();
        n.put("market_id", m.marketId());
        n.put("symbol", m.symbol());
        n.put("initial_margin_fraction", BigDecimal.valueOf(100).divide(BigDecimal.valueOf(leverage), 2,
                RoundingMode.HALF_EVEN).toPlainString());
        n.put("open_order_count", openOrders);
        n.put("pending_order_count", 0);
        n.put("position_tied_order_count", 0);
        n.put("sign", p.size().signum() < 0 ? -1 : 1);
        n.put("position", scaled(p.size().abs(), m.sizeDecimals()));
        n.put("avg_entry_price", scaled(p.entryPrice(), m.priceDecimals()));
        n.put("position_value", p.size().abs().multiply(p.markPrice()).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        n.put("unrealized_pnl", p.unrealizedPnl().setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        n.put("realized_pnl", "0.000000");
        n.put("liquidation_price", p.liquidationPrice() == null ? "0" : scaled(p.liquidationPrice(), m.priceDecimals()));
        n.put("margin_mode", 0);
        n.put("allocated_margin", "0.000000");
        return n;
    }

    static ObjectNode market(LighterSimConfig.Market m, boolean details, BigDecimal mark) {
        ObjectNode n = F.objectNode();
        n.put("symbol", m.symbol());
        n.put("market_id", m.marketId());
        n.put("status", "active");
        n.put("taker_fee", "0.0000");
        n.put("maker_fee", "0.0000");
        n.put("liquidation_fee", "1.0000");
        n.put("min_base_amount", m.minBaseAmount().setScale(m.sizeDecimals(), RoundingMode.UNNECESSARY).toPlainString());
        n.put("min_quote_amount", m.minQuoteAmount().setScale(6, RoundingMode.UNNECESSARY).toPlainString());
        n.put("supported_size_decimals", m.sizeDecimals());
        n.put("supported_price_decimals", m.priceDecimals());
        n.put("supported_quote_decimals", 6);
        if (details) {
            n.put("size_decimals", m.sizeDecimals());
            n.put("price_decimals", m.priceDecimals());
            n.put("quote_multiplier", 1);
            int minImf = 10_000 / m.maxLeverage();
            n.put("default_initial_margin_fraction", Math.max(minImf, 2000));
            n.put("min_initial_margin_fraction", minImf);
            n.put("maintenance_margin_fraction", minImf / 2);
            n.put("closeout_margin_fraction", minImf / 3);
            n.put("last_trade_price", mark);
            n.put("mark_price", mark);
            n.put("daily_trades_count", 0);
            n.put("open_interest", 0);
        }
        return n;
    }

    static ArrayNode bookLevel(BigDecimal price, LighterSimConfig.Market m) {
        ArrayNode a = F.arrayNode();
        ObjectNode level = a.addObject();
        level.put("price", scaled(price, m.priceDecimals()));
        level.put("size", scaled(BigDecimal.valueOf(1000), m.sizeDecimals()));
        return a;
    }

    static String scaled(BigDecimal v, int decimals) {
        return v.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
