package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.contract.Health;
import pog.sim.Exchange;
import pog.paper.PaperVenue;
import pog.sim.SimConfig;
import pog.trader.api.Identity;
import pog.trader.api.TraderApi;
import pog.trader.config.RiskConfig;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.venue.Order;
import pog.venue.OrderType;
import pog.venue.Position;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A journal that cannot be written: said so in health, positions stay protected, nothing new opens, then recovery. */
class JournalFailureTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final ScriptedStrategy strategy = new ScriptedStrategy();
    private final FailingConnection disk = new FailingConnection();
    private Exchange exchange;
    private Journal journal;
    private Engine engine;
    private TraderApi api;

    @BeforeEach
    void open() throws IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"), disk::wrap);
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        engine = new Engine("t", new PaperVenue(exchange, ACCOUNT), journal, strategy, new RiskManager(risk), clock,
                1000, 1000, List.of("BTC", "ETH"), s -> { });
        api = new TraderApi(new Identity("t", "i-1", 1, "test", "paper", ACCOUNT, clock.millis()), journal, clock,
                1000, by -> { });
        engine.reconcile();
        api.attach(engine);
    }

    @AfterEach
    void close() {
        engine.close();
        api.close();
        journal.close();
        exchange.close();
    }

    private void tick() {
        clock.advanceMillis(1000);
        exchange.advance();
        engine.tick();
    }

    private List<Order> stops(String symbol) {
        return exchange.openOrders(ACCOUNT).stream()
                .filter(o -> o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET).toList();
    }

    private Position position(String symbol) {
        return exchange.positions(ACCOUNT).stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElse(null);
    }

    @Test
    void unwritableJournalIsItsOwnHealthCheckProtectionGoesOnNothingNewOpensAndItRecoversByItself() {
        strategy.want("BTC", Signal.LONG);
        tick();
        assertThat(position("BTC")).isNotNull();
        assertThat(api.health().checks().get("journal").ok()).isTrue();
        assertThat(api.health().status()).isEqualTo("ok");

        disk.fail(true);
        tick();
        Health h = api.health();
        assertThat(h.status()).isEqualTo("degraded");
        assertThat(h.checks().get("journal").ok()).isFalse();
        assertThat(h.checks().get("journal").detail()).startsWith("not writable (disk full)")
                .contains("opening nothing new").doesNotContain("SQLITE");
        assertThat(h.checks().get("loop").ok()).as("the loop is alive: this is the journal's fault").isTrue();

        // while it cannot write: someone removes the stop on the venue, and the strategy wants a new position
        Order stop = stops("BTC").get(0);
        assertThat(exchange.cancel(ACCOUNT, "BTC", stop.clientId())).isTrue();
        strategy.want("ETH", Signal.LONG);
        tick();
        tick();
        assertThat(stops("BTC")).as("the stop is re-placed even though it cannot be journaled first")
                .singleElement().satisfies(s -> assertThat(s.size()).isEqualByComparingTo(position("BTC").size()));
        assertThat(position("ETH")).as("no entry without its write-ahead record").isNull();
        assertThat(engine.snapshot().unprotected()).isZero();
        assertThat(api.health().checks().get("protection").ok()).isTrue();

        disk.fail(false);
        tick();
        assertThat(api.health().checks().get("journal").ok()).isTrue();
        assertThat(api.health().status()).isEqualTo("ok");
        assertThat(journal.events(20)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("journal_recovered");
            assertThat(e.detail()).contains("disk full");
        });
        // trading resumes: a fresh signal opens, journaled before it is sent
        strategy.want("ETH", Signal.NONE);
        tick();
        strategy.want("ETH", Signal.LONG);
        tick();
        assertThat(position("ETH")).isNotNull();
        assertThat(stops("ETH")).hasSize(1);
        assertThat(stops("BTC")).hasSize(1);
        assertThat(journal.recentOrders(50)).anySatisfy(o -> {
            assertThat(o.symbol()).isEqualTo("ETH");
            assertThat(o.purpose()).isEqualTo(Journal.Purpose.ENTRY);
        });
    }

    @Test
    void idsHandedOutWhileUnwritableAreNotHandedOutAgainAfterARestart() throws IOException {
        Path file = dir.resolve("ids.db");
        FailingConnection full = new FailingConnection();
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.time.Clock sameSecond = java.time.Clock.fixed(java.time.Instant.parse("2026-12-03T12:00:00Z"),
                java.time.ZoneOffset.UTC);
        try (Journal first = Journal.open(file, full::wrap)) {
            pog.trader.ownership.Ownership own = pog.trader.ownership.Ownership.start(first, sameSecond, false);
            for (int i = 0; i < 1000; i++) {
                ids.add(own.nextClientId());
            }
            full.fail(true); // ids need no write: they keep coming while the disk is full
            for (int i = 0; i < 20; i++) {
                assertThat(ids.add(own.nextClientId())).isTrue();
            }
            full.fail(false);
        }
        try (Journal second = Journal.open(file)) {
            // restarted within the same second: the journal's epoch pushes the new one past it
            pog.trader.ownership.Ownership own = pog.trader.ownership.Ownership.start(second, sameSecond, false);
            for (int i = 0; i < 50; i++) {
                assertThat(ids.add(own.nextClientId())).as("fresh after the restart").isTrue();
            }
        }
    }

    @Test
    void clientIdsNeverRepeatAcrossAnUnwritableStretch() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        pog.trader.ownership.Ownership own = pog.trader.ownership.Ownership.start(journal, java.time.Clock.systemUTC(),
                false);
        for (int i = 0; i < 1500; i++) {
            disk.fail(i >= 900 && i < 1200);
            assertThat(ids.add(own.nextClientId())).isTrue();
        }
        disk.fail(false);
    }
}
