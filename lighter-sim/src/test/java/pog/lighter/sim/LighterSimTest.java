package pog.lighter.sim;

import pog.simfront.testing.SimulatorTest;

import java.nio.file.Path;

/** A test against the simulated Lighter with the standard harness (account 7, API key 3, clock at T0). */
abstract class LighterSimTest extends SimulatorTest<SimHarness> {
    @Override
    protected SimHarness open(Path dir) {
        return new SimHarness(dir);
    }
}
