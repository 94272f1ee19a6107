package pog.sim;

import pog.common.time.ManualClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import pog.venue.Fill;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderType;
import pog.venue.Side;
import pog.venue.VenueListener;

/** Test fixture: round numbers so every fee, PnL and margin can be worked out by hand in the test. */
final class Sim {
    static final long T0 = 1_700_000_000_000L;

    /**
     * Taker 5 bps, maker 2 bps, leverage 10 by default, maintenance = half the initial margin at max leverage:
     * 1% of notional for BTC (max 50x), 2% for ETH (max 25x).
     */
    static SimConfig config() {
        return new SimConfig(7L, 1000L, new BigDecimal("10000"), new BigDecimal("5"), new BigDecimal("2"), 10,
                new BigDecimal("0.5"), List.of(
                new SymbolSpec("BTC", new BigDecimal("50000"), 0.04, new BigDecimal("1"), new BigDecimal("0.001"), 50),
                new SymbolSpec("ETH", new BigDecimal("3000"), 0.05, new BigDecimal("0.1"), new BigDecimal("0.01"), 25)));
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    static OrderRequest market(String clientId, String symbol, Side side, String size) {
        return OrderRequest.market(clientId, symbol, side, d(size), false);
    }

    static OrderRequest reduceOnlyMarket(String clientId, String symbol, Side side, String size) {
        return OrderRequest.market(clientId, symbol, side, d(size), true);
    }

    static OrderRequest limit(String clientId, OrderType type, String symbol, Side side, String size, String price) {
        return new OrderRequest(clientId, symbol, side, type, d(size), d(price), null, false);
    }

    static OrderRequest stop(String clientId, String symbol, Side side, String size, String trigger) {
        return OrderRequest.stopLoss(clientId, symbol, side, d(size), d(trigger));
    }

    static OrderRequest takeProfit(String clientId, String symbol, Side side, String size, String trigger) {
        return new OrderRequest(clientId, symbol, side, OrderType.TAKE_PROFIT_MARKET, d(size), null, d(trigger), true);
    }

    static Exchange open(Path file, ManualClock clock) {
        return Exchange.open(config(), file, clock);
    }

    /** Records what an account hears, one short line per event, so a test can assert the story in order. */
    static final class Recorder implements VenueListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Fill> fills = new CopyOnWriteArrayList<>();
        final List<Order> orders = new CopyOnWriteArrayList<>();
        final List<BigDecimal> marks = new CopyOnWriteArrayList<>();

        @Override
        public void onMark(String symbol, BigDecimal mark, long time) {
            marks.add(mark);
        }

        @Override
        public void onOrder(Order order) {
            orders.add(order);
            events.add("order " + order.clientId() + " " + order.status());
        }

        @Override
        public void onFill(Fill fill) {
            fills.add(fill);
            events.add("fill " + fill.clientId() + " " + fill.side() + " " + fill.size().toPlainString() + "@"
                    + fill.price().toPlainString() + (fill.liquidation() ? " liquidation" : ""));
        }

        List<String> events() {
            return new ArrayList<>(events);
        }
    }

    private Sim() {
    }
}
