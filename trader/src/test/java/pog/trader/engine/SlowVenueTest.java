package pog.trader.engine;

import pog.contract.Check;
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
import pog.venue.OrderType;
import pog.venue.Venue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A venue whose order calls hang: the decision thread keeps processing, control answers, health blames the venue
 * and not the loop, and the stop on its way is never sent twice. Time is the manual clock's; the test waits only on
 * outcomes.
 */
class SlowVenueTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final ScriptedStrategy strategy = new ScriptedStrategy();
    private final AtomicBoolean hangWrites = new AtomicBoolean();
    private final AtomicBoolean hangReads = new AtomicBoolean();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger stopsSent = new AtomicInteger();
    /** The manual clock's time when the (first) stop reached the venue: the stream's push or the tick may send it. */
    private final java.util.concurrent.atomic.AtomicLong stopSentAt = new java.util.concurrent.atomic.AtomicLong();
    private Exchange exchange;
    private Journal journal;
    private Engine engine;

    @BeforeEach
    void open() throws IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        PaperVenue real = new PaperVenue(exchange, ACCOUNT);
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("place") && ((pog.venue.OrderRequest) args[0]).type() == OrderType.STOP_MARKET) {
                        stopsSent.incrementAndGet();
                        stopSentAt.compareAndSet(0, clock.millis());
                    }
                    if (name.equals("openOrders") && hangReads.getAndSet(false)) {
                        new CountDownLatch(1).await(); // never answers: only the deadline ends it
                    }
                    if (hangWrites.get() && (name.equals("place") || name.equals("placeWithStop")
                            || name.equals("cancel"))) {
                        release.await(60, TimeUnit.SECONDS); // the venue takes its time: seconds, minutes
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        engine = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC"), s -> { }, VenueWorker.threads(clock), 30_000);
        engine.start();
        engine.reconcile();
    }

    @AfterEach
    void close() {
        release.countDown();
        engine.close();
        journal.close();
        exchange.close();
    }

    private List<Order> stops() {
        return exchange.openOrders(ACCOUNT).stream().filter(o -> o.type() == OrderType.STOP_MARKET).toList();
    }

    private boolean verified() {
        return engine.snapshot().positions().size() == 1
                && "verified".equals(engine.snapshot().positions().get(0).protection().state());
    }

    @Test
    void aStopStuckOnItsWayToTheVenueIsNeverSentTwiceAndTheLoopStaysAlive() {
        strategy.want("BTC", Signal.LONG);
        clock.advanceMillis(1000);
        engine.tick();
        await().atMost(Duration.ofSeconds(20)).until(this::verified);
        Order original = stops().get(0);

        hangWrites.set(true);
        exchange.cancel(ACCOUNT, "BTC", original.clientId()); // the stop leaves the venue; its replacement will hang
        clock.advanceMillis(1000);
        engine.tick();
        await().atMost(Duration.ofSeconds(20)).until(() -> stopsSent.get() == 1);

        // five seconds of the venue not answering, and reads that keep showing the position bare
        for (int i = 0; i < 5; i++) {
            long loops = engine.counters().loops;
            clock.advanceMillis(1000);
            engine.tick();
            await().atMost(Duration.ofSeconds(20)).until(() -> engine.counters().loops > loops);
        }
        engine.pause("test"); // control still answers
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.lastProcessedAt() == clock.millis());

        Map<String, Check> checks = new HealthChecks(HealthChecks.Bounds.DEFAULTS, 1000).judge(engine, clock.millis());
        assertThat(stopsSent.get()).as("the stop on its way is not sent again").isEqualTo(1);
        assertThat(checks.get("loop").ok()).isTrue();
        assertThat(checks.get("loop").ageMs()).isZero();
        assertThat(checks.get("venue").ok()).isFalse();
        // the stop left when the venue's push of the cancel was read (before the tick) or on the tick: 5 or 6 s ago
        long waited = clock.millis() - stopSentAt.get();
        assertThat(waited).isBetween(5000L, 6000L);
        assertThat(checks.get("venue").detail()).contains("a call has waited " + waited + " ms for its answer")
                .contains("the trader is alive");
        assertThat(checks.get("protection").ok()).isFalse();

        release.countDown();
        clock.advanceMillis(1000);
        engine.tick();
        await().atMost(Duration.ofSeconds(20)).until(this::verified);
        assertThat(stops()).hasSize(1);
        assertThat(stopsSent.get()).isEqualTo(1);
        assertThat(new HealthChecks(HealthChecks.Bounds.DEFAULTS, 1000).judge(engine, clock.millis())
                .get("protection").ok()).isTrue();
    }

    @Test
    void aReadThatNeverAnswersIsInterruptedAtItsDeadlineAndTheNextReadGoesOut() {
        hangReads.set(true);
        long loops = engine.counters().loops;
        long errors = engine.counters().venueErrors;
        clock.advanceMillis(1000);
        engine.tick();
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.venueStats().inFlight() == 1);

        clock.advanceMillis(Engine.CALL_DEADLINE_MILLIS + 1);
        engine.tick(); // the timer finds the call overdue and frees its lane

        await().atMost(Duration.ofSeconds(20)).until(() -> engine.counters().venueErrors > errors);
        clock.advanceMillis(1000);
        engine.tick();
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.counters().loops > loops);
        assertThat(engine.snapshot().venueError()).isNull();
        assertThat(engine.venueStats().inFlight()).isZero();
    }
}
