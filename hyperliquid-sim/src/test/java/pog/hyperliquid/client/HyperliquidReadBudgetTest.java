package pog.hyperliquid.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one whole-account read costs of Hyperliquid's request weight, measured on the client's own limiter against
 * the simulator (the clock stands still, so nothing refills), and the read spacing the client asks the trader for:
 * periodic reads at that spacing use at most half of the 1,200 weight a minute, the rest is left to orders.
 */
class HyperliquidReadBudgetTest {
    @TempDir
    Path dir;
    private SimAndClient rig;
    private HyperliquidVenue venue;

    @BeforeEach
    void start() {
        rig = new SimAndClient(dir);
        venue = rig.client("trader", 1200);
    }

    @AfterEach
    void stop() {
        venue.close();
        rig.close();
    }

    @Test
    void oneWholeReadCostsItsDocumentedWeightAndTheSpacingKeepsReadsToHalfTheBudget() {
        // the stream connects and catches up (its own REST reads) on the same budget: measure once it is quiet (the
        // clock stands still, so an unchanged budget means nothing else is reading)
        double seen = venue.budgetLeft();
        for (int quiet = 0; quiet < 3; ) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            double now = venue.budgetLeft();
            quiet = now == seen ? quiet + 1 : 0;
            seen = now;
        }
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
