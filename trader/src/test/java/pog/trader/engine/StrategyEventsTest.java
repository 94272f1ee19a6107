package pog.trader.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;
import pog.trader.strategy.Timers;
import pog.trader.strategy.process.ProcessStrategy;
import pog.trader.strategy.process.ProcessStrategyTestAccess;
import pog.venue.Account;
import pog.venue.Fill;
import pog.venue.Funding;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;
import pog.venue.Venue;
import pog.venue.VenueListener;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract v2 through the engine: top of book, funding, the trader's own fills, risk state and timers reach a v2
 * strategy (and never a v1 one), intents answered to them are acted on with protection first, and bars can be built
 * from trades.
 */
class StrategyEventsTest {
    private static final String ACCOUNT = InlineRig.ACCOUNT;

    @TempDir
    Path dir;

    @RegisterExtension
    final InlineRig rig = new InlineRig();
    private FeedVenue venue;

    @BeforeEach
    void open() {
        venue = new FeedVenue(rig.paper());
    }

    /** The paper venue, plus market feeds the test pushes by hand (as a venue's stream thread would). */
    static final class FeedVenue implements Venue {
        private final Venue inner;
        VenueListener market;
        List<String> subscribed;

        FeedVenue(Venue inner) {
            this.inner = inner;
        }

        @Override
        public AutoCloseable subscribeMarket(List<String> symbols, VenueListener listener) {
            subscribed = symbols;
            market = listener;
            return () -> market = null;
        }

        @Override public String name() { return inner.name(); }
        @Override public String accountId() { return inner.accountId(); }
        @Override public List<MarketInfo> markets() { return inner.markets(); }
        @Override public Account account() { return inner.account(); }
        @Override public List<Position> positions() { return inner.positions(); }
        @Override public List<Order> openOrders() { return inner.openOrders(); }
        @Override public Order place(OrderRequest request) { return inner.place(request); }
        @Override public ProtectedEntry placeWithStop(OrderRequest e, OrderRequest s) { return inner.placeWithStop(e, s); }
        @Override public boolean cancel(String symbol, String clientId) { return inner.cancel(symbol, clientId); }
        @Override public List<Fill> fillsSince(long cursor) { return inner.fillsSince(cursor); }
        @Override public Map<String, BigDecimal> marks() { return inner.marks(); }
        @Override public AutoCloseable subscribe(VenueListener listener) { return inner.subscribe(listener); }
        @Override public void close() { inner.close(); }
    }

    /** Records every event; answers what the test sets per event type. */
    static final class Recording implements Strategy {
        final List<StrategyEvent> seen = new ArrayList<>();
        final int version;
        Timers timers;
        Intent onBook;
        Intent onBar;

        Recording(int version) {
            this.version = version;
        }

        @Override
        public int contractVersion() {
            return version;
        }

        @Override
        public void timers(Timers t) {
            timers = t;
        }

        @Override
        public List<Intent> onEvent(StrategyEvent event) {
            seen.add(event);
            if (event instanceof StrategyEvent.Book && onBook != null) {
                return List.of(onBook);
            }
            if (event instanceof StrategyEvent.Bar && onBar != null) {
                return List.of(onBar);
            }
            return List.of();
        }

        @Override
        public String describe() {
            return "recording";
        }

        <T extends StrategyEvent> List<T> of(Class<T> type) {
            return seen.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private Engine engine(Strategy strategy, String barSource) {
        return rig.engine(venue, strategy, barSource);
    }

    private void tick(Engine e) {
        rig.tick(e);
    }

    private Position btc() {
        return rig.btc();
    }

    private List<Order> stops() {
        return rig.stops();
    }

    private static TopOfBook book(String bid, String ask, long time) {
        return new TopOfBook("BTC", new BigDecimal(bid), new BigDecimal("1.5"), new BigDecimal(ask),
                new BigDecimal("0.7"), time);
    }

    @Test
    void aVersion2StrategyIsToldTheBookConflatedTheFundingItsFillsAndTheRiskState() {
        Recording s = new Recording(2);
        Engine e = engine(s, "mark");
        assertThat(venue.subscribed).containsExactly("BTC");
        venue.market.onTopOfBook(book("99", "101", 1));
        venue.market.onTopOfBook(book("99.5", "100.5", 2));
        venue.market.onFunding(new Funding("BTC", new BigDecimal("0.0000125"), 1_800_003_600_000L, 3));
        tick(e);
        // two books between rounds: the latest only, once
        assertThat(s.of(StrategyEvent.Book.class)).singleElement().satisfies(b -> {
            assertThat(b.bid()).isEqualByComparingTo("99.5");
            assertThat(b.askSize()).isEqualByComparingTo("0.7");
        });
        assertThat(s.of(StrategyEvent.FundingRate.class)).singleElement().satisfies(f -> {
            assertThat(f.rate()).isEqualByComparingTo("0.0000125");
            assertThat(f.nextTime()).isEqualTo(1_800_003_600_000L);
        });
        StrategyEvent.Risk first = s.of(StrategyEvent.Risk.class).get(0);
        assertThat(first.equity()).isEqualByComparingTo("10000");
        assertThat(first.maxDailyLoss()).isEqualByComparingTo("500");
        assertThat(first.dailyLossLeft()).isEqualByComparingTo("500");
        assertThat(first.canOpen()).isTrue();
        assertThat(first.halted()).isNull();
        // nothing changed: neither book nor funding nor risk is told again
        tick(e);
        assertThat(s.of(StrategyEvent.Book.class)).hasSize(1);
        assertThat(s.of(StrategyEvent.FundingRate.class)).hasSize(1);
        assertThat(s.of(StrategyEvent.Risk.class)).hasSize(1);

        // its own fills, with what the order was for; then the risk state with the position's notional
        s.onBar = Intent.target("BTC", Signal.LONG);
        tick(e);
        tick(e);
        assertThat(btc()).isNotNull();
        assertThat(s.of(StrategyEvent.OwnFill.class)).singleElement().satisfies(f -> {
            assertThat(f.purpose()).isEqualTo("entry");
            assertThat(f.side()).isEqualTo("buy");
            assertThat(f.size()).isEqualByComparingTo(btc().size());
        });
        e.pause("test");
        tick(e);
        StrategyEvent.Risk last = s.of(StrategyEvent.Risk.class).get(s.of(StrategyEvent.Risk.class).size() - 1);
        assertThat(last.paused()).isTrue();
        assertThat(last.canOpen()).isFalse();
        assertThat(last.openNotional().signum()).isPositive();
    }

    @Test
    void aTakeProfitsFillIsToldAsOne() {
        BigDecimal tp = rig.exchange.marks().get("BTC").multiply(new BigDecimal("1.02")).setScale(0,
                java.math.RoundingMode.DOWN);
        Recording s = new Recording(2);
        s.onBar = new Intent("BTC", Signal.LONG, null, null, tp, null);
        Engine e = engine(s, "mark");
        tick(e);
        assertThat(btc()).isNotNull();
        s.onBar = null;
        rig.exchange.jump("BTC", tp.add(BigDecimal.ONE));
        tick(e);
        assertThat(btc()).isNull();
        assertThat(s.of(StrategyEvent.OwnFill.class)).extracting(StrategyEvent.OwnFill::purpose)
                .containsExactly("entry", "take_profit");
    }

    @Test
    void aVersion1StrategyGetsOnlyBarsAndRefusals() {
        Recording s = new Recording(1);
        Engine e = engine(s, "mark");
        venue.market.onTopOfBook(book("99", "101", 1));
        venue.market.onFunding(new Funding("BTC", new BigDecimal("0.0001"), 0, 1));
        tick(e);
        tick(e);
        assertThat(s.seen).isNotEmpty().allSatisfy(ev -> assertThat(ev).isInstanceOf(StrategyEvent.Bar.class));
    }

    @Test
    void timersFireOnceWhenDueAndBadOnesAreRefused() {
        Recording s = new Recording(2);
        Engine e = engine(s, "mark");
        long armedAt = rig.clock.millis();
        assertThat(s.timers.after("rebalance", 2_500)).isNull();
        assertThat(s.timers.after("too-soon", 1)).contains("afterMillis must be between 10");
        tick(e);
        tick(e);
        assertThat(s.of(StrategyEvent.Timer.class)).isEmpty();
        tick(e);
        assertThat(s.of(StrategyEvent.Timer.class)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("rebalance");
            assertThat(t.time()).isEqualTo(armedAt + 2_500);
        });
        tick(e);
        tick(e);
        assertThat(s.of(StrategyEvent.Timer.class)).hasSize(1);
    }

    @Test
    void anIntentAnsweredToTheBookIsCarriedOutProtected() {
        Recording s = new Recording(2);
        s.onBook = Intent.target("BTC", Signal.LONG);
        Engine e = engine(s, "mark");
        venue.market.onTopOfBook(book("99", "101", 1));
        tick(e);
        assertThat(btc()).isNotNull();
        assertThat(stops()).singleElement().satisfies(o -> assertThat(o.size()).isEqualByComparingTo(btc().size()));
        assertThat(e.snapshot().unprotected()).isZero();
    }

    @Test
    void barsFromTradesCarryTheIntervalsOhlcvAndNoneBeforeTheFirstTrade() {
        Recording s = new Recording(2);
        Engine e = engine(s, "trades");
        tick(e);
        assertThat(s.of(StrategyEvent.Bar.class)).isEmpty();
        venue.market.onTrade(new Trade("BTC", new BigDecimal("100"), new BigDecimal("0.5"), Side.BUY, 1));
        venue.market.onTrade(new Trade("BTC", new BigDecimal("103"), new BigDecimal("0.25"), Side.BUY, 2));
        venue.market.onTrade(new Trade("BTC", new BigDecimal("98"), new BigDecimal("1"), Side.SELL, 3));
        venue.market.onTrade(new Trade("BTC", new BigDecimal("101"), new BigDecimal("0.25"), Side.BUY, 4));
        venue.market.onTrade(new Trade("ETH", new BigDecimal("3000"), new BigDecimal("9"), Side.BUY, 4));
        tick(e);
        assertThat(s.of(StrategyEvent.Bar.class)).singleElement().satisfies(b -> {
            assertThat(b.source()).isEqualTo("trades");
            assertThat(b.open()).isEqualByComparingTo("100");
            assertThat(b.high()).isEqualByComparingTo("103");
            assertThat(b.low()).isEqualByComparingTo("98");
            assertThat(b.price()).isEqualByComparingTo("101");
            assertThat(b.volume()).isEqualByComparingTo("2");
            assertThat(b.trades()).isEqualTo(4);
        });
        tick(e);
        StrategyEvent.Bar quiet = s.of(StrategyEvent.Bar.class).get(1);
        assertThat(quiet.price()).isEqualByComparingTo("101");
        assertThat(quiet.high()).isEqualByComparingTo("101");
        assertThat(quiet.volume()).isZero();
    }

    @Test
    void thePythonExampleOpensNothingWhileTheBookIsTooWide() throws Exception {
        Path example = ProcessStrategyTestAccess.example();
        ProcessStrategy s = new ProcessStrategy(List.of("python3", example.toString(), "--fast", "1", "--slow", "2",
                "--min-spread-bps", "0", "--max-book-spread-bps", "10"), null, List.of("BTC"), 5000, rig.clock);
        Engine e = engine(s, "mark");
        BigDecimal mark = rig.exchange.marks().get("BTC");
        // 2% wide: 200 bps, above the 10 allowed; the EMA cross would trade on a moving mark
        venue.market.onTopOfBook(new TopOfBook("BTC", mark.multiply(new BigDecimal("0.99")), BigDecimal.ONE,
                mark.multiply(new BigDecimal("1.01")), BigDecimal.ONE, 1));
        for (int i = 0; i < 6; i++) {
            rig.exchange.jump("BTC", mark.add(BigDecimal.valueOf(50L * (i + 1))));
            tick(e);
        }
        assertThat(btc()).isNull();
        // a tight book (about 0.3 bps): the next rising bar opens, protected
        BigDecimal now = rig.exchange.marks().get("BTC");
        venue.market.onTopOfBook(new TopOfBook("BTC", now.subtract(BigDecimal.ONE), BigDecimal.ONE,
                now.add(BigDecimal.ONE), BigDecimal.ONE, 2));
        for (int i = 0; i < 3 && btc() == null; i++) {
            rig.exchange.jump("BTC", now.add(BigDecimal.valueOf(50L * (i + 1))));
            tick(e);
        }
        assertThat(btc()).isNotNull();
        assertThat(e.snapshot().unprotected()).isZero();
    }

    @Test
    void thePythonExampleOnVersion2HearsEveryEventAndOnVersion1None() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path example = ProcessStrategyTestAccess.example();
        ProcessStrategy s = new ProcessStrategy(List.of("python3", example.toString(), "--fast", "1", "--slow", "2",
                "--min-spread-bps", "0", "--timer-ms", "1500", "--events", events.toString()), null, List.of("BTC"),
                5000, rig.clock);
        Engine e = engine(s, "mark");
        venue.market.onTopOfBook(book("99", "101", 1));
        for (int i = 0; i < 12; i++) {
            tick(e);
        }
        assertThat(s.contractVersion()).isEqualTo(2);
        List<String> types = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode m = Json.mapper().readTree(line);
            types.add(m.path("type").asText());
            if (m.path("type").asText().equals("book")) {
                assertThat(m.path("bid").asText()).isEqualTo("99");
                assertThat(m.path("askSize").asText()).isEqualTo("0.7");
            }
        }
        assertThat(types).contains("book", "risk", "timer", "fill");
        assertThat(types.stream().filter("timer"::equals).count()).isGreaterThanOrEqualTo(2);

        Path v1events = dir.resolve("v1.jsonl");
        ProcessStrategy v1 = new ProcessStrategy(List.of("python3", example.toString(), "--protocol", "1",
                "--timer-ms", "1500", "--events", v1events.toString()), null, List.of("BTC"), 5000, rig.clock);
        rig.closeEngines();
        Engine e1 = engine(v1, "mark");
        venue.market.onTopOfBook(book("98", "102", 5));
        for (int i = 0; i < 4; i++) {
            tick(e1);
        }
        assertThat(v1.contractVersion()).isEqualTo(1);
        assertThat(v1.status().ok()).isTrue();
        assertThat(v1events).doesNotExist();
    }
}
