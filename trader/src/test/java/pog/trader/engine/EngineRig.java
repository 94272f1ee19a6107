package pog.trader.engine;

import pog.common.time.ManualClock;
import pog.paper.PaperVenue;
import pog.sim.Exchange;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Strategy;
import pog.venue.Venue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * What the threaded engine tests share: a paper venue (the simulation core on a SQLite file) behind a proxy the test
 * steers method by method, a journal, and an engine started on its own threads with a manual clock, trading BTC with
 * the demo's risk settings (1 % risk over a 0.5 % stop). {@link #step} moves the clock and waits only for the
 * decision thread to have processed the new time.
 */
final class EngineRig implements AutoCloseable {
    /** Steers one venue call: answer it, fail it, or let the paper venue answer ({@code real}). */
    interface Intercept {
        Object call(String method, Object[] args, Real real) throws Throwable;
    }

    interface Real {
        Object call() throws Throwable;
    }

    static final RiskConfig RISK = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"),
            new BigDecimal("20000"), new BigDecimal("5"), new BigDecimal("500"));

    final ManualClock clock = new ManualClock(1_800_000_000_000L);
    final Exchange exchange;
    final Journal journal;
    final Engine engine;

    private EngineRig(Path dir, Strategy strategy, long streamSilenceMs, Intercept intercept)
            throws java.io.IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        PaperVenue real = new PaperVenue(exchange, "acct");
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> intercept.call(method.getName(), args, () -> {
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                }));
        engine = new Engine("t", venue, journal, strategy, new RiskManager(RISK), clock, 1000, 1000, List.of("BTC"),
                s -> { }, VenueWorker.threads(clock), streamSilenceMs);
    }

    /** Opened, not started: the test may attach listeners and handlers, then {@link #start}. */
    static EngineRig open(Path dir, Strategy strategy, long streamSilenceMs, Intercept intercept) {
        try {
            return new EngineRig(dir, strategy, streamSilenceMs, intercept);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts the decision thread and reconciles (protection first), as a trader does. */
    EngineRig start() {
        engine.start();
        engine.reconcile();
        return this;
    }

    /** Moves the clock and waits until the decision thread has processed the new time. */
    void step(long millis) {
        clock.advanceMillis(millis);
        long at = clock.millis();
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.lastProcessedAt() >= at);
    }

    @Override
    public void close() {
        engine.close();
        journal.close();
        exchange.close();
    }
}
