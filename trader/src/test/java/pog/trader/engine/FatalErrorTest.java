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
import pog.venue.Venue;

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
 * A JVM error on the engine's threads (here: a class that no longer loads, as when the jar is rewritten under a
 * running process) is never swallowed: neither a venue call that dies without an answer nor a timer cancelled in
 * silence, which left a process that looked alive and decided nothing. The engine hands it to its fatal handler
 * (the trader stops and exits 70 for its supervisor to restart it).
 */
class FatalErrorTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final AtomicBoolean breakReads = new AtomicBoolean();
    private final AtomicBoolean breakStrategy = new AtomicBoolean();
    private final List<Error> fatal = new CopyOnWriteArrayList<>();
    private Exchange exchange;
    private Journal journal;
    private Engine engine;

    @BeforeEach
    void open() throws Exception {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        PaperVenue real = new PaperVenue(exchange, "acct");
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("openOrders") && breakReads.get()) {
                        throw new NoClassDefFoundError("pog/venue/Gone");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        ScriptedStrategy strategy = new ScriptedStrategy() {
            @Override
            public pog.trader.strategy.Signal onBar(String symbol, BigDecimal price, long time) {
                if (breakStrategy.get()) {
                    throw new NoClassDefFoundError("pog/trader/Gone");
                }
                return super.onBar(symbol, price, time);
            }
        };
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        engine = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC"), s -> { }, VenueWorker.threads(clock), 30_000);
        engine.onFatal(fatal::add);
        engine.start();
        engine.reconcile();
    }

    @AfterEach
    void close() {
        engine.close();
        journal.close();
        exchange.close();
    }

    private void step() {
        clock.advanceMillis(1000);
        long at = clock.millis();
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.lastProcessedAt() >= at || !fatal.isEmpty());
    }

    @Test
    void anErrorInAVenueCallReachesTheFatalHandlerInsteadOfLeavingTheReadUnanswered() {
        breakReads.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            step();
            return !fatal.isEmpty();
        });
        assertThat(fatal.get(0)).isInstanceOf(NoClassDefFoundError.class).hasMessage("pog/venue/Gone");
    }

    @Test
    void anErrorOnTheDecisionThreadReachesTheFatalHandlerInsteadOfCancellingTheTimerInSilence() {
        breakStrategy.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            step();
            return !fatal.isEmpty();
        });
        assertThat(fatal.get(0)).hasMessage("pog/trader/Gone");
    }
}
