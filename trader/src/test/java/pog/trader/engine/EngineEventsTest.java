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
import pog.trader.engine.EngineEvent.*;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Venue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the engine did, told as the sequence of its events (Parity style): each test reads as a story. */
class EngineEventsTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final ScriptedStrategy strategy = new ScriptedStrategy();
    private final List<Engine> engines = new ArrayList<>();
    private final List<EngineEvent> events = new ArrayList<>();
    private Exchange exchange;
    private Journal journal;
    private final RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"),
            new BigDecimal("20000"), new BigDecimal("5"), new BigDecimal("500"));

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

    /** The n-th client id this engine sends: its start's epoch and a sequence (pog-EPOCH-N). */
    private static String id(Engine e, int n) {
        return new pog.venue.ClientId(e.ownership().epoch(), n).toString();
    }

    private Engine engine(Venue venue) {
        Engine e = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC", "ETH"), s -> { });
        e.listen(events::add);
        engines.add(e);
        e.reconcile();
        return e;
    }

    private void tick(Engine e) {
        clock.advanceMillis(1000);
        exchange.advance();
        e.tick();
    }

    private Position position(String symbol) {
        return exchange.positions(ACCOUNT).stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private Order stop(String symbol) {
        return exchange.openOrders(ACCOUNT).stream()
                .filter(o -> o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET).findFirst().orElseThrow();
    }

    @Test
    void aFreshStartOnAFlatAccountIsProtectedAtOnceWithNothingToDo() {
        engine(new PaperVenue(exchange, ACCOUNT));
        assertEquals(List.of(new StartupProtected(0, 0)), events);
    }

    @Test
    void anEntryGoesOutWithItsStopAndTheNextReadVerifiesBoth() {
        Engine e = engine(new PaperVenue(exchange, ACCOUNT));
        events.clear();
        strategy.want("BTC", Signal.LONG);

        tick(e);

        Position btc = position("BTC");
        Order stop = stop("BTC");
        BigDecimal size = btc.size();
        assertEquals(List.of(
                new OrderSent(id(e, 1), "BTC", "ENTRY", "BUY", size),
                new OrderSent(id(e, 2), "BTC", "STOP", "SELL", size),
                new Acknowledged(id(e, 1), "BTC", "FILLED"),
                new Acknowledged(id(e, 2), "BTC", stop.status().name()),
                new Filled(id(e, 1), "BTC", "BUY", size, btc.entryPrice()),
                new PositionOpened("BTC", "long", size),
                new StopVerified("BTC", stop.orderId())), events);
    }

    @Test
    void aStopCancelledOnTheVenueIsSeenMissingReplacedAndVerifiedAgain() {
        Engine e = engine(new PaperVenue(exchange, ACCOUNT));
        strategy.want("BTC", Signal.LONG);
        tick(e);
        Order original = stop("BTC");
        exchange.cancel(ACCOUNT, "BTC", original.clientId());
        events.clear();

        tick(e);

        Order replaced = stop("BTC");
        assertEquals(List.of(
                new StopMissing("BTC", "no stop on the venue"),
                new OrderSent(replaced.clientId(), "BTC", "STOP", "SELL", original.size()),
                new Acknowledged(replaced.clientId(), "BTC", replaced.status().name()),
                new StopReplaced("BTC", replaced.clientId(), original.triggerPrice(), "stop missing"),
                new StopVerified("BTC", replaced.orderId())), events);
    }

    @Test
    void aRestartProtectsTheBarePositionBeforeAnythingElseAndSaysSo() {
        Engine first = engine(new PaperVenue(exchange, ACCOUNT));
        strategy.want("BTC", Signal.LONG);
        tick(first);
        first.close();
        Order original = stop("BTC");
        exchange.cancel(ACCOUNT, "BTC", original.clientId()); // someone cancels the stop while the trader is away
        events.clear();

        engine(new PaperVenue(exchange, ACCOUNT));

        Order replaced = stop("BTC");
        assertEquals(List.of(
                new StopMissing("BTC", "no stop on the venue"),
                new OrderSent(replaced.clientId(), "BTC", "STOP", "SELL", original.size()),
                new Acknowledged(replaced.clientId(), "BTC", replaced.status().name()),
                new StopReplaced("BTC", replaced.clientId(), original.triggerPrice(), "stop missing"),
                new StopVerified("BTC", replaced.orderId()),
                new StartupProtected(1, 0)), events);
    }

    @Test
    void aTrendReversalClosesThePositionAndItsStopGoesWithIt() {
        Engine e = engine(new PaperVenue(exchange, ACCOUNT));
        strategy.want("BTC", Signal.LONG);
        tick(e);
        Order stop = stop("BTC");
        BigDecimal size = position("BTC").size();
        events.clear();
        strategy.want("BTC", Signal.SHORT);

        tick(e);

        Filled filled = (Filled) events.stream().filter(ev -> ev instanceof Filled).findFirst().orElseThrow();
        // the venue cancels a reduce-only stop with nothing left to reduce; the engine has nothing to cancel
        assertEquals(List.of(
                new OrderSent(id(e, 3), "BTC", "EXIT", "SELL", size),
                new Acknowledged(id(e, 3), "BTC", "FILLED"),
                new Filled(id(e, 3), "BTC", "SELL", size, filled.price()),
                new PositionClosed("BTC")), events);
        assertEquals(List.of(), exchange.openOrders(ACCOUNT).stream().filter(o -> o.clientId().equals(stop.clientId()))
                .filter(Order::isOpen).toList());
    }
}
