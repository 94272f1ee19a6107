package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.sim.Exchange;
import pog.paper.PaperVenue;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Side;
import pog.venue.Venue;
import pog.venue.VenueException;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine against the real simulation core, with time and the feed moved by hand. */
class EngineTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final ScriptedStrategy strategy = new ScriptedStrategy();
    private final List<Engine> engines = new ArrayList<>();
    private Exchange exchange;
    private Journal journal;
    private RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
            new BigDecimal("5"), new BigDecimal("500"));

    @BeforeEach
    void open() throws IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
    }

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
        journal.close();
        exchange.close();
    }

    private Engine engine(Venue venue) {
        Engine e = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC", "ETH"), s -> { });
        engines.add(e);
        e.reconcile();
        return e;
    }

    private Engine engine() {
        return engine(new PaperVenue(exchange, ACCOUNT));
    }

    /** One loop iteration one second later, after the feed moved. */
    private void tick(Engine e) {
        clock.advanceMillis(1000);
        exchange.advance();
        e.tick();
    }

    private List<Order> stops(String symbol) {
        return exchange.openOrders(ACCOUNT).stream()
                .filter(o -> o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET).toList();
    }

    private Position position(String symbol) {
        return exchange.positions(ACCOUNT).stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElse(null);
    }

    @Test
    void entryGetsItsStopOnTheVenueInTheSameIteration() {
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        Position btc = position("BTC");
        assertThat(btc).isNotNull();
        assertThat(btc.isLong()).isTrue();
        List<Order> stops = stops("BTC");
        assertThat(stops).hasSize(1);
        Order stop = stops.get(0);
        assertThat(stop.side()).isEqualTo(Side.SELL);
        assertThat(stop.reduceOnly()).isTrue();
        assertThat(stop.size()).isEqualByComparingTo(btc.size());
        BigDecimal expected = RiskManager.roundToStep(btc.entryPrice().multiply(new BigDecimal("0.995")), BigDecimal.ONE);
        assertThat(stop.triggerPrice()).isEqualByComparingTo(expected);
        assertThat(e.snapshot().unprotected()).isZero();
        assertThat(e.snapshot().positions()).singleElement().satisfies(v -> {
            assertThat(v.protectedByStop()).isTrue();
            assertThat(v.stopPrice()).isEqualByComparingTo(expected);
        });
        assertThat(e.counters().stopsReplaced).isZero();
    }

    @Test
    void entryAndStopReachTheVenueTogetherAndTheVenueLedgerSeesNoGap() {
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        clock.advanceMillis(3_000);
        tick(e);

        assertThat(position("BTC")).isNotNull();
        assertThat(exchange.protection(ACCOUNT).unprotectedMsTotal()).isZero();
        assertThat(exchange.protection(ACCOUNT).intervals()).isEmpty();
        Order stop = stops("BTC").get(0);
        assertThat(e.snapshot().positions()).singleElement().satisfies(v -> {
            assertThat(v.protection().state()).isEqualTo("verified");
            assertThat(v.protection().stopOrderId()).isEqualTo(stop.orderId());
            assertThat(v.protection().triggerPrice()).isEqualByComparingTo(stop.triggerPrice());
            assertThat(v.protection().verifiedAt()).isEqualTo(clock.millis());
        });
        assertThat(e.counters().stopsReplaced).isZero();
    }

    @Test
    void aStopCancelledFromOutsideShowsMissingUntilTheNextIterationPutsItBack() {
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        long verified = e.snapshot().positions().get(0).protection().verifiedAt();
        exchange.cancel(ACCOUNT, "BTC", stops("BTC").get(0).clientId());
        long cancelledAt = clock.millis();

        tick(e); // one loop later (1 s): back

        assertThat(stops("BTC")).hasSize(1);
        assertThat(e.snapshot().positions().get(0).protection().state()).isEqualTo("verified");
        assertThat(e.snapshot().positions().get(0).protection().verifiedAt()).isGreaterThan(verified);
        assertThat(exchange.protection(ACCOUNT).intervals()).singleElement().satisfies(gap -> {
            assertThat(gap.fromMs()).isEqualTo(cancelledAt);
            assertThat(gap.ms()).isLessThan(2_500);
        });
        assertThat(journal.events(10)).anySatisfy(ev -> assertThat(ev.kind()).isEqualTo("stop_replaced"));
    }

    @Test
    void sizeComesFromRiskPerTrade() {
        Engine e = engine();
        strategy.want("ETH", Signal.SHORT);
        tick(e);
        Position eth = position("ETH");
        // 1% of 10000 = 100 USD at risk over a 0.5% stop: 100 / (mark * 0.005), floored to the 0.01 lot
        BigDecimal mark = eth.entryPrice();
        BigDecimal expected = new BigDecimal("100").divide(mark.multiply(new BigDecimal("0.005")), 2,
                java.math.RoundingMode.FLOOR);
        assertThat(eth.size().negate()).isEqualByComparingTo(expected);
        assertThat(stops("ETH")).singleElement().satisfies(s -> assertThat(s.side()).isEqualTo(Side.BUY));
    }

    @Test
    void stopCancelledOnTheVenueIsReplacedAndRecorded() {
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        Order original = stops("BTC").get(0);
        assertThat(exchange.cancel(ACCOUNT, "BTC", original.clientId())).isTrue();
        assertThat(stops("BTC")).isEmpty();

        tick(e);

        assertThat(stops("BTC")).singleElement().satisfies(s -> {
            assertThat(s.clientId()).isNotEqualTo(original.clientId());
            assertThat(s.triggerPrice()).isEqualByComparingTo(original.triggerPrice());
            assertThat(s.size()).isEqualByComparingTo(original.size());
        });
        assertThat(e.counters().stopsReplaced).isEqualTo(1);
        assertThat(journal.events(10)).anySatisfy(ev -> assertThat(ev.kind()).isEqualTo("stop_replaced"));
    }

    @Test
    void extraStopsAreCancelledLeavingExactlyOne() {
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        Position btc = position("BTC");
        exchange.place(ACCOUNT, OrderRequest.stopLoss("stray-1", "BTC", Side.SELL, btc.size(),
                btc.entryPrice().subtract(new BigDecimal("900"))));
        assertThat(stops("BTC")).hasSize(2);

        tick(e);

        assertThat(stops("BTC")).hasSize(1);
    }

    @Test
    void restartAfterCrashReconcilesWithoutSendingAnythingTwice() throws IOException {
        Engine first = engine();
        strategy.want("BTC", Signal.LONG);
        strategy.want("ETH", Signal.SHORT);
        tick(first);
        first.close(); // the process dies: nothing else runs
        int ordersBefore = exchange.openOrders(ACCOUNT).size();
        Order btcStop = stops("BTC").get(0);
        exchange.cancel(ACCOUNT, "BTC", btcStop.clientId()); // someone cancels a stop while the trader is away

        Engine second = engine(new PaperVenue(exchange, ACCOUNT));

        assertThat(stops("BTC")).hasSize(1);
        assertThat(stops("ETH")).hasSize(1);
        assertThat(exchange.openOrders(ACCOUNT)).hasSize(ordersBefore);
        assertThat(second.snapshot().unprotected()).isZero();
        // a new stop got a new client id; none was reused
        assertThat(stops("BTC").get(0).clientId()).isNotEqualTo(btcStop.clientId());
        tick(second);
        assertThat(exchange.positions(ACCOUNT)).hasSize(2);
        assertThat(exchange.openOrders(ACCOUNT)).hasSize(ordersBefore);
    }

    @Test
    void stopThatFiredWhileAwayLeavesTheTraderFlatAfterReconcile() {
        Engine first = engine();
        strategy.want("BTC", Signal.LONG);
        tick(first);
        first.close();
        Order stop = stops("BTC").get(0);
        exchange.jump("BTC", stop.triggerPrice().subtract(new BigDecimal("50")));
        assertThat(position("BTC")).isNull();

        strategy.want("BTC", Signal.NONE);
        Engine second = engine();

        assertThat(second.snapshot().positions()).isEmpty();
        assertThat(exchange.openOrders(ACCOUNT)).isEmpty();
        assertThat(journal.fillsSince(0, 100)).anySatisfy(f -> assertThat(f.clientId()).isEqualTo(stop.clientId()));
    }

    @Test
    void entryWhoseAnswerIsLostIsNeverSentAgain() {
        AtomicBoolean dropAnswer = new AtomicBoolean(true);
        PaperVenue real = new PaperVenue(exchange, ACCOUNT);
        // the order reaches the venue, the answer does not: a timeout after sending
        Venue flaky = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                    if ((method.getName().equals("place") || method.getName().equals("placeWithStop"))
                            && ((OrderRequest) args[0]).type() == OrderType.MARKET && dropAnswer.getAndSet(false)) {
                        throw VenueException.unavailable("read timed out", null);
                    }
                    return result;
                });
        Engine e = engine(flaky);
        strategy.want("BTC", Signal.LONG);
        tick(e);
        assertThat(e.snapshot().venueError()).contains("timed out");

        tick(e);
        tick(e);

        assertThat(exchange.fillsSince(ACCOUNT, 0)).filteredOn(f -> f.side() == Side.BUY).hasSize(1);
        assertThat(stops("BTC")).hasSize(1);
        assertThat(e.snapshot().venueError()).isNull();
        assertThat(journal.ordersWithStatus("PENDING")).isEmpty();
    }

    @Test
    void positionWhoseStopTheVenueKeepsRefusingIsClosedNotHeldNaked() {
        PaperVenue real = new PaperVenue(exchange, ACCOUNT);
        Venue refusingStops = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("place") && ((OrderRequest) args[0]).type() == OrderType.STOP_MARKET) {
                        throw VenueException.rejected("trigger orders disabled");
                    }
                    if (method.isDefault()) {
                        // a venue without grouped orders: the interface's two-step path, whose stop is refused
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        Engine e = engine(refusingStops);
        strategy.want("BTC", Signal.LONG);
        tick(e);
        assertThat(position("BTC")).isNotNull();
        assertThat(e.snapshot().unprotected()).isEqualTo(1);
        tick(e);
        assertThat(position("BTC")).isNotNull();

        tick(e);

        assertThat(position("BTC")).isNull();
        assertThat(journal.events(10)).anySatisfy(ev -> assertThat(ev.detail()).contains("rather than holding it unprotected"));
    }

    @Test
    void dailyLossLimitStopsNewEntriesButKeepsProtecting() {
        risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("50"));
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        Order stop = stops("BTC").get(0);
        exchange.jump("BTC", stop.triggerPrice().subtract(BigDecimal.ONE)); // stopped out: about 100 USD lost
        tick(e);
        assertThat(e.snapshot().haltReason()).contains("daily loss");

        strategy.want("ETH", Signal.LONG);
        tick(e);

        assertThat(exchange.positions(ACCOUNT)).isEmpty();
    }

    @Test
    void trendReversalExitsAndRemovesTheStop() {
        Engine e = engine();
        strategy.want("BTC", Signal.LONG);
        tick(e);
        strategy.want("BTC", Signal.SHORT);
        tick(e);
        assertThat(position("BTC")).isNull();
        assertThat(stops("BTC")).isEmpty();
    }

    @Test
    void flattenClosesEverythingAndPausesSoNothingReopens() {
        Engine e = engine();
        e.start();
        strategy.want("BTC", Signal.LONG);
        strategy.want("ETH", Signal.LONG);
        clock.advanceMillis(1000);
        exchange.advance();
        org.awaitility.Awaitility.await().until(() -> exchange.positions(ACCOUNT).size() == 2);

        int closed = e.flatten("test");

        assertThat(closed).isEqualTo(2);
        assertThat(exchange.positions(ACCOUNT)).isEmpty();
        assertThat(exchange.openOrders(ACCOUNT)).isEmpty();
        assertThat(e.snapshot().paused()).isTrue();
    }

    @Test
    void pauseSurvivesRestart() {
        Engine e = engine();
        e.start();
        e.pause("test");
        e.close();
        Engine again = engine();
        strategy.want("BTC", Signal.LONG);
        tick(again);
        assertThat(exchange.positions(ACCOUNT)).isEmpty();
        assertThat(again.snapshot().paused()).isTrue();
    }
}
