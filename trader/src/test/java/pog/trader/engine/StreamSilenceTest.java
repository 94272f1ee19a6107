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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mark stream falls silent while its connection looks up: the trader asks its venue to reconnect and resubscribe
 * (once per silence, not on every round), reads a REST snapshot to fill the gap, and does it again if the stream,
 * back for a while, falls silent again. Time is the manual clock's.
 */
class StreamSilenceTest {
    private static final long SILENCE = 5_000;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final List<String> resyncs = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
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
                    if (method.getName().equals("resync")) {
                        resyncs.add((String) args[0]);
                        return null;
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
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        engine = new Engine("t", venue, journal, new ScriptedStrategy(), new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC"), s -> { }, VenueWorker.threads(clock), SILENCE);
        engine.listen(events::add);
        engine.start();
        engine.reconcile();
    }

    @AfterEach
    void close() {
        engine.close();
        journal.close();
        exchange.close();
    }

    private void step(long millis) {
        clock.advanceMillis(millis);
        long at = clock.millis();
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.lastProcessedAt() >= at);
    }

    private void speak() {
        exchange.jump("BTC", new BigDecimal("60000").add(BigDecimal.valueOf(clock.millis() % 1000)));
    }

    @Test
    void aSilentMarkStreamIsReconnectedOncePerSilenceAndTheGapFilledFromRest() {
        speak();
        step(1000);
        assertThat(resyncs).isEmpty();
        for (int i = 0; i < 5; i++) {
            step(1000);
        }
        // 6 s without a mark (bound 5 s): one resync, and a REST read right away
        await().atMost(Duration.ofSeconds(20)).until(() -> resyncs.size() == 1);
        assertThat(resyncs.get(0)).startsWith("mark stream silent for ");
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.StreamSilent).hasSize(1);
        int readsAfterResync = reads.get();
        for (int i = 0; i < 5; i++) {
            step(1000);
        }
        // still silent: no reconnect storm, but the REST reads go on
        assertThat(resyncs).hasSize(1);
        assertThat(reads.get()).isGreaterThan(readsAfterResync);

        speak();
        step(1000);
        for (int i = 0; i < 6; i++) {
            step(1000);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> resyncs.size() == 2);
    }
}
