package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.web3j.crypto.Hash;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.Side;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Hyperliquid's JSON shapes for the core's orders and fills: openOrders / orderUpdates entries, frontendOpenOrders
 * entries, fills, and the order status words. Field names and value forms follow the venue's recorded answers.
 */
final class Shapes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Shapes() {
    }

    static String side(Side side) {
        return side == Side.BUY ? "B" : "A";
    }

    /** The cloid a core client id stands for, or null (ids without one are ours: "hl:..."). */
    static String cloidOf(String clientId) {
        if (clientId != null && clientId.startsWith("0x") && clientId.length() >= 34) {
            return clientId.substring(0, 34);
        }
        return null;
    }

    static long oid(Order o) {
        return Long.parseLong(o.orderId());
    }

    /** The price Hyperliquid shows as limitPx: the order's own price ({@code p}), also for trigger orders. */
    static BigDecimal limitPx(Order o) {
        return o.limitPrice() != null ? o.limitPrice() : o.triggerPrice();
    }

    /** The {@code openOrders} and {@code orderUpdates} entry: coin, side, limitPx, sz, oid, timestamp, origSz, cloid. */
    static ObjectNode basicOrder(Order o) {
        ObjectNode n = F.objectNode();
        n.put("coin", o.symbol());
        n.put("side", side(o.side()));
        n.put("limitPx", HlNum.str(limitPx(o)));
        n.put("sz", HlNum.str(o.size().subtract(o.filledSize())));
        n.put("oid", oid(o));
        n.put("timestamp", o.createdAt());
        n.put("origSz", HlNum.str(o.size()));
        String cloid = cloidOf(o.clientId());
        if (cloid != null) {
            n.put("cloid", cloid);
        }
        if (o.reduceOnly()) {
            n.put("reduceOnly", true);
        }
        return n;
    }

    /** The {@code frontendOpenOrders} and {@code orderStatus} entry. */
    static ObjectNode frontendOrder(Order o, HyperliquidStore.OrderMeta meta) {
        boolean trigger = o.type().isTrigger();
        ObjectNode n = F.objectNode();
        n.put("coin", o.symbol());
        n.put("side", side(o.side()));
        n.put("limitPx", HlNum.str(limitPx(o)));
        n.put("sz", HlNum.str(o.size().subtract(o.filledSize())));
        n.put("oid", oid(o));
        n.put("timestamp", o.createdAt());
        n.put("triggerCondition", trigger ? triggerCondition(o) : "N/A");
        n.put("isTrigger", trigger);
        n.put("triggerPx", trigger ? HlNum.str(o.triggerPrice()) : "0.0");
        n.putArray("children");
        n.put("isPositionTpsl", meta != null && "positionTpsl".equals(meta.grouping()));
        n.put("reduceOnly", o.reduceOnly());
        n.put("orderType", orderType(o, meta));
        if (trigger) {
            n.putNull("tif");
        } else {
            n.put("tif", tif(o, meta));
        }
        String cloid = cloidOf(o.clientId());
        if (cloid != null) {
            n.put("cloid", cloid);
        } else {
            n.putNull("cloid");
        }
        n.put("origSz", HlNum.str(o.size()));
        return n;
    }

    private static String triggerCondition(Order o) {
        boolean above = (o.type() == OrderType.STOP_MARKET) == (o.side() == Side.BUY);
        return (above ? "Price above " : "Price below ") + HlNum.str(o.triggerPrice()).replaceAll("\\.0$", "");
    }

    private static String orderType(Order o, HyperliquidStore.OrderMeta meta) {
        boolean market = meta == null || meta.isMarket() == null || meta.isMarket();
        return switch (o.type()) {
            case STOP_MARKET -> market ? "Stop Market" : "Stop Limit";
            case TAKE_PROFIT_MARKET -> market ? "Take Profit Market" : "Take Profit Limit";
            case MARKET -> "Market";
            default -> "Limit";
        };
    }

    private static String tif(Order o, HyperliquidStore.OrderMeta meta) {
        if (meta != null && meta.tif() != null) {
            return meta.tif();
        }
        return switch (o.type()) {
            case LIMIT_IOC, MARKET -> "Ioc";
            case LIMIT_POST_ONLY -> "Alo";
            default -> "Gtc";
        };
    }

    /** Hyperliquid's order status word for a core order. */
    static String status(Order o, HyperliquidStore.OrderMeta meta) {
        if (meta != null && meta.cancelStatus() != null && o.status() == OrderStatus.CANCELLED) {
            return meta.cancelStatus();
        }
        String reason = o.rejectReason() == null ? "" : o.rejectReason();
        return switch (o.status()) {
            case OPEN -> "open";
            case TRIGGERED -> "triggered";
            case FILLED -> "filled";
            case CANCELLED -> {
                if (reason.isEmpty()) {
                    yield "canceled";
                } else if (reason.startsWith("position") || reason.startsWith("no position")) {
                    yield "reduceOnlyCanceled";
                } else if (reason.contains("margin")) {
                    yield "marginCanceled";
                } else if (reason.equals("liquidation")) {
                    yield "liquidatedCanceled";
                } else if (o.filledSize().signum() > 0
                        && (reason.startsWith("limit not reached") || reason.startsWith("no more liquidity"))) {
                    // an Ioc the book filled in part, its rest cancelled (the venue's word here is not confirmed)
                    yield "canceled";
                } else if (reason.startsWith("limit not reached")) {
                    yield "iocCancelRejected";
                } else if (reason.startsWith("no more liquidity")) {
                    yield "marketOrderNoLiquidityRejected";
                }
                yield "canceled";
            }
            case REJECTED -> {
                if (reason.contains("margin")) {
                    yield "perpMarginRejected";
                } else if (reason.startsWith("reduce-only")) {
                    yield "reduceOnlyRejected";
                } else if (reason.startsWith("post-only")) {
                    yield "badAloPxRejected";
                } else if (reason.contains("tick size") || reason.contains("lot size")) {
                    yield "tickRejected";
                }
                yield "rejected";
            }
        };
    }

    /**
     * A fill as {@code userFills} and the WebSocket show it.
     *
     * @param startPosition the account's signed position in the coin just before this fill
     * @param crossed       true when the fill took liquidity (taker fee)
     */
    static ObjectNode fill(Fill f, BigDecimal startPosition, boolean crossed, String account) {
        ObjectNode n = F.objectNode();
        n.put("coin", f.symbol());
        n.put("px", HlNum.str(f.price()));
        n.put("sz", HlNum.str(f.size()));
        n.put("side", side(f.side()));
        n.put("time", f.time());
        n.put("startPosition", HlNum.str(startPosition));
        n.put("dir", direction(startPosition, f.side(), f.size()));
        n.put("closedPnl", HlNum.usd(f.realizedPnl()));
        n.put("hash", hash(account, f.cursor()));
        n.put("oid", Long.parseLong(f.orderId()));
        n.put("crossed", crossed);
        n.put("fee", HlNum.usd(f.fee()));
        n.put("tid", f.cursor());
        String cloid = cloidOf(f.clientId());
        if (cloid != null) {
            n.put("cloid", cloid);
        }
        n.put("feeToken", "USDC");
        n.putNull("twapId");
        if (f.liquidation()) {
            ObjectNode liq = n.putObject("liquidation");
            liq.put("liquidatedUser", account);
            liq.put("markPx", HlNum.str(f.price()));
            liq.put("method", "market");
        }
        return n;
    }

    static String direction(BigDecimal start, Side side, BigDecimal size) {
        BigDecimal signed = side == Side.BUY ? size : size.negate();
        BigDecimal end = start.add(signed);
        if (start.signum() == 0) {
            return side == Side.BUY ? "Open Long" : "Open Short";
        }
        if (start.signum() > 0) {
            if (side == Side.BUY) {
                return "Open Long";
            }
            return end.signum() < 0 ? "Long > Short" : "Close Long";
        }
        if (side == Side.SELL) {
            return "Open Short";
        }
        return end.signum() > 0 ? "Short > Long" : "Close Short";
    }

    /** A stand-in for the L1 transaction hash: deterministic per fill, 32 bytes of hex like the venue's. */
    static String hash(String account, long tid) {
        byte[] digest = Hash.sha3((account + ":" + tid).getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : digest) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
