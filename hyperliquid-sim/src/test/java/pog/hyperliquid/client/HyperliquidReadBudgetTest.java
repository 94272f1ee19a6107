package pog.hyperliquid.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.hyperliquid.sim.HyperliquidSimConfig;
import pog.hyperliquid.sim.HyperliquidSimServer;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one whole-account read costs of Hyperliquid's request weight, measured on the client's own limiter against
 * the simulator (the clock stands still, so nothing refills), and the read spacing the client asks the trader for:
 * periodic reads at that spacing use at most half of the 1,200 weight a minute, the rest is left to orders.
 */
class HyperliquidReadBudgetTest {
    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private HyperliquidSimServer sim;
    private HyperliquidVenue venue;

    @BeforeEach
    void start() {
        sim = HyperliquidSimServer.start(HyperliquidSimConfig.defaults().withPort(0).withIpWeightPerMinute(0)
                .withAccounts(Map.of(pog.hyperliquid.signing.PrivateKey.fromHex(TestVenues.KEY_HEX).address()
                        .toString(), new BigDecimal("10000"))), dir.resolve("sim"), clock, false);
        HyperliquidSettings settings = new HyperliquidSettings("http://127.0.0.1:" + sim.port(), true, null,
                TestVenues.ENV, null, null, dir.resolve("trader/hl-nonce"), null, null, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, 1200, Duration.ofSeconds(50), Duration.ofSeconds(10), Duration.ofMillis(50),
                Duration.ofMillis(500), null);
        venue = HyperliquidVenue.open(settings, Map.of(TestVenues.ENV, TestVenues.KEY_HEX), clock,
                d -> Thread.sleep(Math.min(d.toMillis(), 10)));
    }

    @AfterEach
    void stop() {
        venue.close();
        sim.close();
    }

    @Test
    void oneWholeReadCostsItsDocumentedWeightAndTheSpacingKeepsReadsToHalfTheBudget() {
        double before = venue.budgetLeft();
        // what the trader reads each period (Reconciler.read): marks, account, positions, open orders, fills
        venue.marks();
        venue.account();
        venue.positions();
        venue.openOrders();
        venue.fillsSince(0);
        double used = before - venue.budgetLeft();
        assertThat(used).isEqualTo(HyperliquidVenue.READ_WEIGHT);

        long every = venue.readIntervalMillis();
        double perMinute = used * 60_000.0 / every;
        assertThat(perMinute).isLessThanOrEqualTo(600.0).isGreaterThan(500.0);
        assertThat(every).isEqualTo(4_600);
    }
}
