package pog.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * trader-lighter against the simulated Lighter exchange, both real processes speaking Lighter's protocol (signed
 * with the pure-Java signer): the stop rests on the venue, the trader dies, the venue's stop closes the position,
 * the trader comes back flat ({@link DeadTraderScenario}).
 */
class TraderLighterIT {
    @TempDir
    Path work;

    @Test
    void venueStopClosesThePositionWhileTheTraderIsDeadAndTheTraderComesBackFlat() throws Exception {
        DeadTraderScenario.run(VenueSim.LIGHTER, work);
    }
}
