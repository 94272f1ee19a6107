package pog.lighter.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.venue.Funding;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lighter's public market channels as venue events.
 * <ul>
 * <li>{@code order_book/{market}}: {@code subscribed/order_book} carries the whole book, every
 * {@code update/order_book} only the levels that changed ({@code {price, size}}, size 0: the level is gone), so the
 * top is only known from a {@link Book} kept from the snapshot on.</li>
 * <li>{@code trade/{market}}: {@code {trades: [{trade_id, market_id, price, size, is_maker_ask, timestamp, ...}]}};
 * {@code is_maker_ask} true means the resting order was the ask, so the taker bought.</li>
 * <li>{@code market_stats/{market}}: {@code {market_stats: {current_funding_rate, funding_rate, ...}}}, rates in
 * percent per hour (Lighter shows 0.0012 for 0.0012 %; its clamps are {@code funding_clamp_small} 0.0500 and
 * {@code funding_clamp_big} 4.0000, the 0.05 % and 4 % of its funding docs). {@code current_funding_rate} is the
 * rate building for the coming hour; funding is charged every hour on the hour.</li>
 * </ul>
 */
final class MarketFeeds {
    static final long FUNDING_PERIOD_MILLIS = 3_600_000;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private MarketFeeds() {
    }

    /**
     * One market's book from its snapshot and deltas; touched on the stream's thread only. The top is what the
     * strategy sees and what the mark is taken from (the mid of the best bid and ask).
     */
    static final class Book {
        private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        private boolean known;

        /** {@code subscribed/order_book} (the whole book) or {@code update/order_book} (changed levels). */
        void apply(JsonNode orderBook, boolean snapshot) {
            if (snapshot) {
                bids.clear();
                asks.clear();
                known = true;
            }
            levels(orderBook.path("bids"), bids);
            levels(orderBook.path("asks"), asks);
        }

        /** False until a snapshot came: deltas alone do not make a book. */
        boolean known() {
            return known;
        }

        TopOfBook top(String symbol, long time) {
            Map.Entry<BigDecimal, BigDecimal> bid = bids.firstEntry();
            Map.Entry<BigDecimal, BigDecimal> ask = asks.firstEntry();
            return new TopOfBook(symbol, bid == null ? null : bid.getKey(), bid == null ? null : bid.getValue(),
                    ask == null ? null : ask.getKey(), ask == null ? null : ask.getValue(), time);
        }

        /** The mid of the best bid and ask, or the one side there is; null for an empty book. */
        BigDecimal mid() {
            BigDecimal bid = bids.isEmpty() ? null : bids.firstKey();
            BigDecimal ask = asks.isEmpty() ? null : asks.firstKey();
            if (bid != null && ask != null) {
                return LighterAdapters.plain(bid.add(ask).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64));
            }
            return bid != null ? bid : ask;
        }

        private static void levels(JsonNode side, TreeMap<BigDecimal, BigDecimal> book) {
            for (JsonNode level : side) {
                BigDecimal price = LighterAdapters.decimal(level, "price");
                BigDecimal size = LighterAdapters.decimal(level, "size");
                if (price.signum() <= 0) {
                    continue;
                }
                price = LighterAdapters.plain(price);
                if (size.signum() <= 0) {
                    book.remove(price);
                } else {
                    book.put(price, LighterAdapters.plain(size));
                }
            }
        }
    }

    /** The public trades of a {@code trade} message with a trade id above {@code after}, oldest first. */
    static List<Trade> trades(JsonNode msg, String symbol, long after) {
        List<Trade> out = new ArrayList<>();
        for (JsonNode t : msg.path("trades")) {
            BigDecimal price = LighterAdapters.decimal(t, "price");
            if (t.path("trade_id").asLong() <= after || price.signum() <= 0) {
                continue;
            }
            out.add(new Trade(symbol, LighterAdapters.plain(price), LighterAdapters.plain(LighterAdapters.decimal(t, "size")),
                    t.path("is_maker_ask").asBoolean() ? Side.BUY : Side.SELL, t.path("timestamp").asLong()));
        }
        // the venue lists newest first in a snapshot; a bar wants them in the order they happened
        out.sort(Comparator.comparingLong(Trade::time));
        return out;
    }

    /** The newest trade id in a {@code trade} message, or {@code after} when it has none above it. */
    static long newestTradeId(JsonNode msg, long after) {
        long newest = after;
        for (JsonNode t : msg.path("trades")) {
            newest = Math.max(newest, t.path("trade_id").asLong());
        }
        return newest;
    }

    /**
     * The funding a {@code market_stats} entry announces, as a fraction (the wire's percent / 100); null when it
     * carries no rate. The next charge is the next full hour after {@code now}.
     */
    static Funding funding(JsonNode stats, String symbol, long now) {
        JsonNode current = stats.get("current_funding_rate");
        String field = current != null && !current.isNull() ? "current_funding_rate" : "funding_rate";
        if (!stats.hasNonNull(field) || stats.path(field).asText().isBlank()) {
            return null;
        }
        BigDecimal rate = LighterAdapters.plain(LighterAdapters.decimal(stats, field)
                .divide(HUNDRED, MathContext.DECIMAL64));
        long next = (now / FUNDING_PERIOD_MILLIS + 1) * FUNDING_PERIOD_MILLIS;
        return new Funding(symbol, rate, next, now);
    }
}
