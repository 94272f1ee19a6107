package pog.trader.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.contract.Check;
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
import pog.venue.Venue;
import pog.venue.VenueException;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A risk-halted trader, an operator-paused one, one whose venue is down and one whose loop is stuck each read
 * differently in /api/health.
 */
class HealthStatusTest {
    private static final String ACCOUNT = "acct";

    @TempDir
    Path dir;

    /** 12:03 UTC. */
    private final ManualClock clock = new ManualClock(1_800_000_000_000L - 1_800_000_000_000L % 86_400_000L
            + 12 * 3_600_000L + 3 * 60_000L);
    private final ScriptedStrategy strategy = new ScriptedStrategy();
    private final AtomicBoolean venueDown = new AtomicBoolean();
    private Exchange exchange;
    private Journal journal;
    private Engine engine;
    private TraderApi api;

    @BeforeEach
    void open() throws IOException {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        PaperVenue real = new PaperVenue(exchange, ACCOUNT);
        Venue venue = (Venue) Proxy.newProxyInstance(Venue.class.getClassLoader(), new Class<?>[]{Venue.class},
                (proxy, method, args) -> {
                    if (venueDown.get() && !method.getName().equals("name") && !method.getName().equals("accountId")) {
                        throw VenueException.unavailable("connection refused", null);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("50"));
        engine = new Engine("t", venue, journal, strategy, new RiskManager(risk), clock, 1000, 1000,
                List.of("BTC", "ETH"), s -> { });
        api = new TraderApi(new Identity("t", "i-1", 1, "test", "paper", ACCOUNT, clock.millis()), journal, clock,
                1000, by -> { });
        engine.reconcile(); // not started: the test runs every iteration itself, so time is only what it says
        api.attach(engine);
    }

    @AfterEach
    void close() {
        engine.close();
        api.close();
        journal.close();
        exchange.close();
    }

    /** One iteration, one second later. */
    private void tick() {
        clock.advanceMillis(1000);
        exchange.advance();
        engine.tick();
    }

    @Test
    void operatorPauseReadsPausedWithWhoAndHowToResume() {
        tick();
        assertThat(api.health().status()).isEqualTo("ok");
        assertThat(api.health().haltReason()).isNull();
        engine.pause("api 127.0.0.1 (key rotation)");
        Health h = api.health();
        assertThat(h.status()).isEqualTo("paused");
        assertThat(h.paused()).isTrue();
        assertThat(h.haltReason()).isEqualTo("paused by api 127.0.0.1 (key rotation) since 12:03 UTC; positions stay"
                + " protected; POST /api/resume to trade again");
        engine.resume("api 127.0.0.1");
        assertThat(api.health().status()).isEqualTo("ok");
    }

    @Test
    void riskHaltReadsHaltedWithTheLossAndResumeTradesAgain() {
        strategy.want("BTC", Signal.LONG);
        tick();
        Order stop = exchange.openOrders(ACCOUNT).stream().filter(o -> o.type() == OrderType.STOP_MARKET)
                .findFirst().orElseThrow();
        exchange.jump("BTC", stop.triggerPrice().subtract(BigDecimal.ONE)); // stopped out: about 100 USDC lost
        tick();
        Health h = api.health();
        assertThat(h.status()).isEqualTo("halted");
        assertThat(h.paused()).isFalse();
        assertThat(h.haltReason()).matches("daily loss \\d+\\.\\d\\d of 50\\.00 USDC since 12:03 UTC; positions stay "
                + "protected; POST /api/resume to trade again");
        assertThat(h.checks().values()).allMatch(Check::ok);

        strategy.want("ETH", Signal.LONG);
        tick();
        assertThat(exchange.positions(ACCOUNT)).as("halted: nothing new").isEmpty();

        engine.resume("api 127.0.0.1");
        assertThat(api.health().status()).isEqualTo("ok");
        assertThat(api.health().haltReason()).isNull();
        strategy.want("ETH", Signal.NONE);
        tick();
        strategy.want("ETH", Signal.LONG);
        tick();
        assertThat(exchange.positions(ACCOUNT)).as("resumed: the limit counts again from now").hasSize(1);
        assertThat(api.health().status()).isEqualTo("ok");
    }

    @Test
    void venueDownIsDegradedWithTheVenueCheckFailingAndTheLoopAlive() {
        tick();
        venueDown.set(true);
        tick();
        Health h = api.health();
        assertThat(h.status()).isEqualTo("degraded");
        assertThat(h.checks().get("venue").ok()).isFalse();
        assertThat(h.checks().get("venue").detail()).startsWith("unreachable: connection refused (last ok 1000 ms ago)")
                .endsWith("the trader is alive and keeps protecting");
        assertThat(h.checks().get("loop").ok()).isTrue();
        assertThat(h.checks().get("journal").ok()).isTrue();
    }

    @Test
    void stuckLoopIsDegradedWithTheLoopCheckSayingStalledAndTheVenueFine() {
        tick();
        clock.advanceMillis(8_000); // no iteration for 8 s: the loop is stuck, nothing else is wrong yet
        Health h = api.health();
        assertThat(h.status()).isEqualTo("degraded");
        assertThat(h.checks().get("loop").ok()).isFalse();
        assertThat(h.checks().get("loop").detail()).startsWith("stalled: the decision thread last finished 8000 ms ago");
        assertThat(h.checks().get("loop").ageMs()).isEqualTo(8_000L);
        assertThat(h.checks().get("venue").ok()).isTrue();
        assertThat(h.haltReason()).isNull();
    }

    @Test
    void engineEventsAreCountedByTypeInMetrics() {
        strategy.want("BTC", Signal.LONG);
        tick();
        String metrics = new String(pog.common.metrics.Metrics.render(api.metricsRegistry()).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(metrics).contains("pog_trader_engine_events_total{type=\"PositionOpened\"} 1.0")
                .contains("pog_trader_engine_events_total{type=\"StopVerified\"} 1.0");
    }
}
