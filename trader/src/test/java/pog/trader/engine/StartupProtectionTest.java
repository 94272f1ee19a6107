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
import pog.venue.OrderRequest;
import pog.venue.OrderType;
import pog.venue.Side;
import pog.venue.Venue;
import pog.venue.VenueException;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Protection first on start: a trader that comes back to a bare position protects it before the strategy is asked
 * anything; one whose venue does not answer trades nothing, says why, and retries until it can protect.
 */
class StartupProtectionTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final AtomicBoolean venueDown = new AtomicBoolean();
    /** What happened, in order: engine events and the strategy's bars, on one timeline. */
    private final List<String> story = new CopyOnWriteArrayList<>();
    private final ScriptedStrategy strategy = new ScriptedStrategy() {
        @Override
        public Signal onBar(String symbol, BigDecimal price, long time) {
            story.add("bar " + symbol);
            return super.onBar(symbol, price, time);
        }
    };
    private Exchange exchange;
    private Journal journal;
    private Engine engine;

    @BeforeEach
    void open() throws IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        // a position from before the restart whose stop is gone (cancelled by hand while the trader was away)
        exchange.place(ACCOUNT, OrderRequest.market("manual-1", "BTC", Side.BUY, new BigDecimal("0.1"), false));
        assertThat(exchange.openOrders(ACCOUNT)).isEmpty();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        journal.close();
        exchange.close();
    }

    private Engine engine() {
        PaperVenue real = new PaperVenue(exchange, ACCOUNT);
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    if (venueDown.get() && !List.of("name", "accountId", "subscribe", "close")
                            .contains(method.getName())) {
                        throw VenueException.unavailable("connect timed out", null);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        Engine e = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC"), s -> { }, VenueWorker.threads(clock), 30_000);
        e.listen(ev -> story.add(ev.getClass().getSimpleName()));
        return e;
    }

    @Test
    void aBarePositionIsProtectedBeforeTheStrategyIsAskedAnything() throws InterruptedException {
        strategy.want("BTC", Signal.SHORT); // it would close the position if it were asked first
        engine = engine();
        engine.start();
        engine.beginReconcile();

        Engine.ReconcileReport report = engine.awaitStartup(20_000);
        clock.advanceMillis(1000);
        engine.tick();
        await().atMost(Duration.ofSeconds(20)).until(() -> story.contains("bar BTC"));

        assertThat(report).isNotNull();
        assertThat(report.positions()).isEqualTo(1);
        assertThat(report.stopsPlaced()).isEqualTo(1);
        assertThat(report.unprotected()).isZero();
        assertThat(story.subList(0, story.indexOf("StartupProtected") + 1)).containsExactly(
                "Filled", "StopMissing", "OrderSent", "Acknowledged", "StopReplaced", "StopVerified",
                "StartupProtected");
        assertThat(engine.startup().detail()).matches("protected 1 position\\(s\\) in \\d+ ms");
    }

    @Test
    void aVenueThatDoesNotAnswerAtStartBlocksTradingSaysWhyAndIsRetriedUntilItCanProtect() throws InterruptedException {
        venueDown.set(true);
        strategy.want("BTC", Signal.SHORT);
        engine = engine();
        engine.start();
        engine.beginReconcile();
        await().atMost(Duration.ofSeconds(20)).until(() -> story.contains("StartupBlocked"));

        assertThat(engine.awaitStartup(0)).as("not protected yet").isNull();
        assertThat(engine.startup().done()).isFalse();
        assertThat(engine.startup().detail()).isEqualTo("blocked: connect timed out; trading nothing, protecting what is"
                + " known, retrying in 1000 ms");
        clock.advanceMillis(5_000);
        engine.tick(); // a hand-driven round changes nothing while start-up is not done
        assertThat(exchange.openOrders(ACCOUNT)).isEmpty();
        assertThat(story).doesNotContain("bar BTC", "OrderSent");

        venueDown.set(false);
        Engine.ReconcileReport report = null;
        for (int i = 0; i < 100 && report == null; i++) {
            // time passes (a failed try still on its way may have set the next one further out: the backoff
            // doubles, up to 30 s), and the decision thread's timer retries on its own
            clock.advanceMillis(5_000);
            report = engine.awaitStartup(200);
        }

        assertThat(report).isNotNull();
        assertThat(exchange.openOrders(ACCOUNT)).singleElement()
                .satisfies(o -> assertThat(o.type()).isEqualTo(OrderType.STOP_MARKET));
        assertThat(story.indexOf("StartupProtected")).isGreaterThan(story.indexOf("StopVerified"));
        // the strategy is asked nothing before the start-up is protected (afterwards the timer's bars may come)
        int firstBar = story.indexOf("bar BTC");
        assertThat(firstBar == -1 || firstBar > story.indexOf("StartupProtected")).as(story.toString()).isTrue();
        assertThat(engine.startup().done()).isTrue();
    }
}
