package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.paper.PaperVenue;
import pog.sim.Exchange;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.venue.Venue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A venue with a tight request budget (it asks for one whole-account read every 4.6 s, as Hyperliquid's 1,200 weight
 * a minute does): the trader's timer reads no more often than that, while bars still come every {@code barMillis}
 * from the marks the venue pushes. Time is the manual clock's; the test waits only for the decision thread to have
 * processed each step.
 */
class ReadBudgetTest {
    private static final String ACCOUNT = "acct";
    private static final long READ_EVERY = 4_600;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();
    private final List<BigDecimal> barPrices = new CopyOnWriteArrayList<>();
    private Exchange exchange;
    private Journal journal;
    private Engine engine;

    @BeforeEach
    void open() throws Exception {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        PaperVenue real = new PaperVenue(exchange, ACCOUNT);
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readIntervalMillis")) {
                        return READ_EVERY;
                    }
                    if (method.getName().equals("openOrders")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        Strategy recording = new Strategy() {
            @Override
            public Signal onBar(String symbol, BigDecimal price, long time) {
                barPrices.add(price);
                return Signal.NONE;
            }

            @Override
            public String describe() {
                return "recording";
            }
        };
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        engine = new Engine("t", venue, journal, recording, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC"), s -> { }, VenueWorker.threads(clock), 30_000);
        engine.start();
        engine.reconcile();
    }

    @AfterEach
    void close() {
        engine.close();
        journal.close();
        exchange.close();
    }

    /** Moves the clock and waits until the decision thread has run a timer round at the new time. */
    private void step(long millis) {
        clock.advanceMillis(millis);
        long at = clock.millis();
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.lastProcessedAt() >= at);
    }

    @Test
    void theTimerReadsTheAccountNoMoreOftenThanTheVenuesBudgetAllowsWhileBarsKeepTheirPace() {
        assertThat(engine.readEveryMillis()).isEqualTo(READ_EVERY);
        step(500);
        int atStart = reads.get();
        int barsAtStart = barPrices.size();
        BigDecimal last = null;
        for (int i = 0; i < 46; i++) { // 23 s
            exchange.jump("BTC", new BigDecimal(60_000 + 10 * i)); // the venue pushes the new mark
            last = new BigDecimal(60_000 + 10 * i);
            step(500);
        }
        int timerReads = reads.get() - atStart;
        // 23 s at one read per 4.6 s: 5 reads (one more if a boundary falls on a step), never one a second (23)
        assertThat(timerReads).isBetween(4, 6);
        // bars every second all the same, priced from the pushed marks, not from the last (seconds-old) read
        assertThat(barPrices.size() - barsAtStart).isBetween(22, 24);
        List<BigDecimal> bars = barPrices.subList(barsAtStart, barPrices.size());
        assertThat(new java.util.HashSet<>(bars)).as("every bar a new price: read views are 4.6 s apart")
                .hasSize(bars.size());
        // and no bar priced above what was pushed (the last step's bar may still be on its way)
        BigDecimal top = last;
        assertThat(bars).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(top));
    }

    @Test
    void aVenueWithoutABudgetIsReadEveryLoop() {
        Engine plain = new Engine("t2", new PaperVenue(exchange, "other"), journal, new ScriptedStrategy(),
                new RiskManager(new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"),
                        new BigDecimal("20000"), new BigDecimal("5"), new BigDecimal("500"))), clock, 1000, 1000,
                List.of("BTC"), s -> { });
        try (plain) {
            assertThat(plain.readEveryMillis()).isEqualTo(1000);
        }
    }
}
