package pog.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * trader-hl against the simulated Hyperliquid exchange, both real processes speaking Hyperliquid's protocol: the
 * stop rests on the venue, the trader dies, the venue's stop closes the position, the trader comes back flat
 * ({@link DeadTraderScenario}).
 */
class TraderHyperliquidIT {
    @TempDir
    Path work;

    @Test
    void venueStopClosesThePositionWhileTheTraderIsDeadAndTheTraderComesBackFlat() throws Exception {
        DeadTraderScenario.run(VenueSim.HYPERLIQUID, work);
    }
}
